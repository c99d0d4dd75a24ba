// Server evaluation (/flags) vs local evaluation (/flags/definitions with the personal API key) in posthog-node.
// Usage (cwd = sdk/, where node_modules is): node ../Flags/flags-node.mjs '<plan JSON>'
//   plan = { host, token, personalApiKey, keys: [flag keys], count: n distinct ids, prefix }
// Last stdout line (JSON): { compared, mismatches: [...], enabled: {key: n}, sample: {...}, definitionsRequests, errors }
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const { PostHog } = await import(pathToFileURL(path.join(process.cwd(), 'node_modules/posthog-node/dist/entrypoints/index.node.mjs')).href);
const plan = JSON.parse(process.argv[2]);
const errors = [];
let definitionsRequests = 0;
let flagsRequests = 0;
const countingFetch = async (url, init) => {
  if (String(url).includes('/flags/definitions')) definitionsRequests++;
  else if (String(url).includes('/flags')) flagsRequests++;
  return fetch(url, init);
};

const remote = new PostHog(plan.token, { host: plan.host, fetch: countingFetch, fetchRetryCount: 0, flushAt: 1000, flushInterval: 60000 });
const local = new PostHog(plan.token, { host: plan.host, fetch: countingFetch, personalApiKey: plan.personalApiKey, featureFlagsPollingInterval: 600000, flushAt: 1000, flushInterval: 60000 });
for (const client of [remote, local]) client.on('error', (error) => errors.push(String(error?.message ?? error)));

const plans = ['free', 'pro', 'enterprise'];
const countries = ['NL', 'US', 'DE', 'FR'];
const personProperties = (i) => ({ plan: plans[i % 3], email: `u${i}@${i % 2 ? 'example.com' : 'other.org'}`, country: countries[i % 4] });
const id = (i) => `${plan.prefix}-${i}`;

const sample = {};
sample.getFeatureFlag = await remote.getFeatureFlag(plan.keys[0], id(0), { personProperties: personProperties(0), sendFeatureFlagEvents: false });
sample.isFeatureEnabled = await remote.isFeatureEnabled(plan.keys[0], id(0), { personProperties: personProperties(0), sendFeatureFlagEvents: false });
sample.allFlagsAndPayloads = await remote.getAllFlagsAndPayloads(id(0), { personProperties: personProperties(0) });
sample.variantPayloads = [];
for (let i = 0; i < 40; i++) {
  const value = await remote.getFeatureFlag(plan.variantKey, id(i), { personProperties: personProperties(i), sendFeatureFlagEvents: false });
  const payload = await remote.getFeatureFlagPayload(plan.variantKey, id(i), value, { personProperties: personProperties(i), sendFeatureFlagEvents: false });
  sample.variantPayloads.push({ value, payload });
}

await local.waitForLocalEvaluationReady?.();
sample.localReady = local.isLocalEvaluationReady?.() ?? null;

const mismatches = [];
const enabled = Object.fromEntries(plan.keys.map((k) => [k, 0]));
let compared = 0;
const batch = 25;
for (let start = 0; start < plan.count; start += batch) {
  const ids = [];
  for (let i = start; i < Math.min(plan.count, start + batch); i++) ids.push(i);
  await Promise.all(ids.map(async (i) => {
    const properties = personProperties(i);
    const server = await remote.getAllFlags(id(i), { personProperties: properties });
    for (const key of plan.keys) {
      const locally = await local.getFeatureFlag(key, id(i), { personProperties: properties, onlyEvaluateLocally: true, sendFeatureFlagEvents: false });
      const remotely = server[key] ?? false;
      compared++;
      if (remotely) enabled[key]++;
      if ((locally ?? false) !== remotely && mismatches.length < 20) mismatches.push({ id: id(i), key, locally, remotely, properties });
    }
  }));
}

await remote.shutdown();
await local.shutdown();
console.log(JSON.stringify({ compared, mismatches, enabled, sample, definitionsRequests, flagsRequests, errors }));
