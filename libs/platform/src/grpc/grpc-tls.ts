import { readFileSync } from 'node:fs';
import { ServerCredentials } from '@grpc/grpc-js';
import { StartupError } from '../bootstrap/check-dependencies';
import type { GrpcServerConfig } from '../config/config-fragments';

function readPem(variable: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new StartupError(`${variable} (${path}): ${(error as Error).message}`);
  }
}

/**
 * TLS when GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE are both set, plaintext when neither is (the
 * cluster network or a mesh protects it), and a refusal to start for one without the other.
 */
export function grpcServerCredentials(config: Pick<GrpcServerConfig, 'GRPC_TLS_CERT_FILE' | 'GRPC_TLS_KEY_FILE'>): ServerCredentials {
  const { GRPC_TLS_CERT_FILE: certFile, GRPC_TLS_KEY_FILE: keyFile } = config;
  if (!certFile && !keyFile) return ServerCredentials.createInsecure();
  if (!certFile || !keyFile) throw new StartupError(`${certFile ? 'GRPC_TLS_KEY_FILE' : 'GRPC_TLS_CERT_FILE'} is required with the other GRPC_TLS_* file`);
  return ServerCredentials.createSsl(null, [{ cert_chain: readPem('GRPC_TLS_CERT_FILE', certFile), private_key: readPem('GRPC_TLS_KEY_FILE', keyFile) }], false);
}
