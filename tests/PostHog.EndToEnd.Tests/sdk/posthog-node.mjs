// Drives the real posthog-node SDK against the system under test.
// Usage: node posthog-node.mjs '<plan JSON>'
//   plan = { "host": "<ingress URL>", "token": "phc_…", "options": {…PostHog options…},
//            "calls": [ { "method": "capture" | "identify" | "alias" | "groupIdentify" | … , "args": {…} }, … ] }
// Each call is made in order (promises awaited), then shutdown() flushes the queue.
// Last stdout line (JSON): { "calls": n, "requests": [{method,url,status}], "errors": [message…] }; exit 1 if any error.
import { PostHog } from 'posthog-node';

const plan = JSON.parse(process.argv[2] ?? process.env.POSTHOG_PLAN ?? '{}');
const requests = [];
const errors = [];

// Records every HTTP request the SDK makes (and its status), so a failing test shows what went over the wire.
const recordingFetch = async (url, init) => {
  try {
    const response = await fetch(url, init);
    requests.push({ method: init?.method ?? 'GET', url: String(url), status: response.status });
    return response;
  } catch (error) {
    requests.push({ method: init?.method ?? 'GET', url: String(url), error: String(error) });
    throw error;
  }
};

const client = new PostHog(plan.token, { host: plan.host, fetch: recordingFetch, fetchRetryCount: 0, ...(plan.options ?? {}) });
client.on('error', (error) => errors.push(String(error?.message ?? error)));

let calls = 0;
for (const call of plan.calls ?? []) {
  const method = client[call.method];
  if (typeof method !== 'function') {
    errors.push(`posthog-node has no method ${call.method}`);
    break;
  }
  try {
    await method.call(client, call.args);
    calls++;
  } catch (error) {
    errors.push(`${call.method}: ${error?.stack ?? error}`);
  }
}

await client.shutdown(10000);
for (const request of requests) {
  if (request.error || request.status < 200 || request.status >= 300) errors.push(`${request.method} ${request.url} -> ${request.status ?? request.error}`);
}
console.log(JSON.stringify({ calls, requests, errors }));
process.exit(errors.length ? 1 : 0);
