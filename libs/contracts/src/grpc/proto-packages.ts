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

function load<T>(file: string): T {
  const root = protoRoot();
  const definition = loadSync(join(root, file), { ...PROTO_LOADER_OPTIONS, includeDirs: [root] });
  return loadPackageDefinition(definition) as unknown as T;
}

/** `kitchen.v1`: the client constructor and the service definition a server registers. */
export function loadKitchenProto(): KitchenProto {
  return load<KitchenProto>('kitchen/v1/kitchen.proto');
}

/** `accounting.v1`: the client constructor and the service definition a server registers. */
export function loadAccountingProto(): AccountingProto {
  return load<AccountingProto>('accounting/v1/accounting.proto');
}
