import { build, ensureServiceNode, infraSettings, SERVICES } from '@ftgo/tools';

/**
 * The e2e tests run the services and the flow page as real processes from the same build `npm
 * start` uses, on the Node.js the images ship (SERVICE_NODE, which the processes' launcher reads).
 */
export default async function setup() {
  const projects = [...SERVICES.map((service) => `apps/${service}-service`), 'apps/flow-page'];
  const [node] = await Promise.all([ensureServiceNode(infraSettings()), build(projects)]);
  process.env.SERVICE_NODE = node.path;
  console.log(`[e2e] the services run on Node ${node.version}${node.note ? ` (${node.note})` : ''}`);
}
