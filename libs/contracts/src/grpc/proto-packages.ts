import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync, type Options } from '@grpc/proto-loader';
import type { ProtoGrpcType as AccountingProto } from '../generated/accounting';
import type { ProtoGrpcType as KitchenProto } from '../generated/kitchen';

/**
 * The same options `proto-loader-gen-types` runs with (libs/contracts/project.json, target
 * `generate`): the generated TypeScript types describe exactly the objects this loader produces.
 */
export const PROTO_LOADER_OPTIONS: Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

/** The `.proto` files are read at run time; from src/ and from dist/ alike, walk up to find them. */
function protoRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'libs', 'contracts', 'proto');
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(dir, 'proto', 'kitchen'))) return join(dir, 'proto');
  }
  throw new Error(`libs/contracts/proto not found above ${__dirname}`);
}

/** The services' gRPC packages and the `.proto` file of each. */
export const ProtoPackages = {
  kitchen: { package: 'kitchen.v1', file: 'kitchen/v1/kitchen.proto' },
  accounting: { package: 'accounting.v1', file: 'accounting/v1/accounting.proto' },
} as const;

/**
 * What a server needs to serve a package (e.g. `@nestjs/microservices`' gRPC options): the package
 * name, the absolute `.proto` path, and the loader options the generated types were made with.
 */
export function protoSourceOf(name: keyof typeof ProtoPackages): { package: string; protoPath: string; loader: Options & { includeDirs: string[] } } {
  const root = protoRoot();
  const { package: packageName, file } = ProtoPackages[name];
  return { package: packageName, protoPath: join(root, file), loader: { ...PROTO_LOADER_OPTIONS, includeDirs: [root] } };
}

function load<T>(name: keyof typeof ProtoPackages): T {
  const { protoPath, loader } = protoSourceOf(name);
  return loadPackageDefinition(loadSync(protoPath, loader)) as unknown as T;
}

/** `kitchen.v1`: the client constructor and the service definition a server registers. */
export function loadKitchenProto(): KitchenProto {
  return load<KitchenProto>('kitchen');
}

/** `accounting.v1`: the client constructor and the service definition a server registers. */
export function loadAccountingProto(): AccountingProto {
  return load<AccountingProto>('accounting');
}
