import { build, SERVICES } from '@ftgo/tools';

/** The e2e tests run the services as real processes from the same build `npm start` uses. */
export default async function setup() {
  await build(SERVICES.map((service) => `apps/${service}-service`));
}
