// KafkaJS 2.2.4 against the local broker: producer (plain + idempotent), a two-member consumer group, leave.
// Usage: node scenario.js <host:port> <topic> <group> <count>; prints "consumed=<n> distinct=<n>" and exits 0 on success.
const { Kafka, logLevel } = require('kafkajs');

const [broker, topic, groupId, countArg] = process.argv.slice(2);
const count = Number(countArg);
const kafka = new Kafka({ clientId: 'kafkajs-scenario', brokers: [broker], logLevel: logLevel.WARN });

async function main() {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
  await admin.disconnect();

  const producer = kafka.producer();
  const idempotent = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await idempotent.connect();
  const half = Math.floor(count / 2);
  const messages = (from, to) => Array.from({ length: to - from }, (_, i) => ({ key: `k${from + i}`, value: `v${from + i}` }));
  await producer.send({ topic, acks: -1, messages: messages(0, half) });
  await idempotent.send({ topic, acks: -1, messages: messages(half, count) });
  await producer.disconnect();
  await idempotent.disconnect();

  const seen = new Set();
  let consumed = 0;
  const consumers = [0, 1].map(() => kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 500, rebalanceTimeout: 10000 }));
  const done = new Promise((resolve) => {
    for (const consumer of consumers) {
      consumer.connect()
        .then(() => consumer.subscribe({ topic, fromBeginning: true }))
        .then(() => consumer.run({
          eachMessage: async ({ message }) => {
            consumed++;
            seen.add(message.value.toString());
            if (seen.size >= count) resolve();
          },
        }));
    }
  });
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out with ${seen.size}/${count}`)), 45000));
  await Promise.race([done, timeout]);
  await Promise.all(consumers.map((c) => c.disconnect())); // LeaveGroup v3
  console.log(`consumed=${consumed} distinct=${seen.size}`);
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
