/**
 * `npx nx g @ftgo/tools:service <name> [--aggregate <name>] [--plural <name>]`: a new service in
 * the anatomy of the others (docs/service-anatomy.md), with its contracts, its tests and its place
 * in the registry, compose, the Dockerfile, Kubernetes and the PostgreSQL init scripts. What it
 * writes, file by file, and what to do next: docs/guides/add-a-service.md.
 */
import { join } from 'node:path';
import { generateFiles, logger, type Tree } from '@nx/devkit';
import { checkContractsFree, wireContracts } from './contracts-wiring';
import { wireDeployment, wireReadme, wireRegistry } from './deployment-wiring';
import { planService, type ServiceGeneratorOptions, type ServicePlan } from './service-plan';

export function templateValuesOf(plan: ServicePlan): Record<string, unknown> {
  return {
    ...plan,
    // Path segments of the templates' file names.
    serviceName: plan.service.kebab,
    aggregateName: plan.aggregate.kebab,
    resourcesName: plan.resources.kebab,
    protoDir: plan.service.snake,
  };
}

export async function serviceGenerator(tree: Tree, options: ServiceGeneratorOptions): Promise<() => void> {
  const plan = planService(tree, options);
  checkContractsFree(tree, plan);
  wireDeployment(tree, plan);
  generateFiles(tree, join(__dirname, 'files'), '.', templateValuesOf(plan));
  wireContracts(tree, plan);
  wireRegistry(tree, plan);
  wireReadme(tree, plan);
  return () => {
    const name = `${plan.service.kebab}-service`;
    logger.info(
      [
        '',
        `${name} is ready: HTTP ${plan.ports.http}, gRPC ${plan.ports.grpc}, its relay ${plan.ports.relay}, database ${plan.service.snake}_db, topic ${plan.topic}.`,
        `  npm run typecheck                                  (generates the types of its .proto first)`,
        `  npx vitest run --project unit apps/${name}`,
        `  npx vitest run --project int apps/${name}`,
        `  npm start                                          (runs it beside the others)`,
        'Next: make the aggregate your own and let it take part in a flow: docs/guides/add-a-service.md',
      ].join('\n'),
    );
  };
}

export default serviceGenerator;
