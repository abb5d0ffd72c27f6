import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';

export interface DatabaseModuleOptions {
  url: string;
  /** Migration classes: the service's own plus those shipped by libraries (outbox, messaging). */
  migrations?: DataSourceOptions['migrations'];
}

/**
 * One PostgreSQL connection per service, to its own database. The schema only ever changes
 * through migrations, run at start-up; `synchronize` stays off because it can drop columns.
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: options.url,
          autoLoadEntities: true,
          synchronize: false,
          migrations: options.migrations ?? [],
          migrationsRun: true,
          migrationsTransactionMode: 'each',
          // A process that cannot reach its database exits (runService checked it answers and is
          // ours, in one line) and its supervisor restarts it: no retries that print stack traces.
          retryAttempts: 0,
          toRetry: () => false,
          connectTimeoutMS: 5_000,
        }),
      ],
    };
  }
}
