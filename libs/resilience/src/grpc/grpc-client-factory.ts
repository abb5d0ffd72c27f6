import { readFileSync } from 'node:fs';
import { type ChannelCredentials, type ChannelOptions, type Client, credentials } from '@grpc/grpc-js';

/**
 * Platform-provided service discovery: the address is a name the platform resolves (a compose
 * service, a Kubernetes Service). `dns:///` makes grpc-js resolve it itself and keep every
 * address it gets — with a headless Kubernetes Service, one per pod.
 */
export function grpcTarget(address: string): string {
  return address.startsWith('dns:///') ? address : `dns:///${address}`;
}

/**
 * `round_robin` opens a subchannel to every resolved address and spreads calls over them. The
 * default (`pick_first`) would pin all calls of this process to one pod for the channel's life,
 * because HTTP/2 multiplexes everything over that one long-lived connection.
 */
export const ROUND_ROBIN_CHANNEL_OPTIONS: ChannelOptions = {
  'grpc.service_config': JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }),
  // Re-resolve DNS soon after pods change instead of waiting for a connection to fail.
  'grpc.dns_min_time_between_resolutions_ms': 5_000,
};

type ClientConstructor<C extends Client> = new (address: string, channelCredentials: ChannelCredentials, options?: ChannelOptions) => C;

/**
 * A client for a generated service constructor (e.g. `loadKitchenProto().kitchen.v1.KitchenService`).
 * Plaintext inside the cluster network by default; with `tlsCaFile` (a PEM of the CA that signed
 * the servers' certificates) TLS, verifying the server's name against its certificate.
 */
export function createGrpcClient<C extends Client>(Service: ClientConstructor<C>, address: string, tlsCaFile?: string): C {
  const channel = tlsCaFile ? credentials.createSsl(readFileSync(tlsCaFile)) : credentials.createInsecure();
  return new Service(grpcTarget(address), channel, ROUND_ROBIN_CHANNEL_OPTIONS);
}
