"""kafka-python 2.0.2 (Debian's python3-kafka) against the local broker: producer, then a group consumer that commits.

Usage: /usr/bin/python3 scenario.py <host:port> <topic> <group> <count>; prints "consumed=<n> committed=<n>".
It exercises the old protocol versions (Metadata v0/v1, JoinGroup v2, OffsetCommit v2, Fetch v4, ListOffsets v1).
"""
import sys
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

bootstrap, topic, group, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", compression_type="gzip")
for i in range(count):
    producer.send(topic, key=b"k%d" % i, value=b"v%d" % i)
producer.flush()
producer.close()

consumer = KafkaConsumer(
    topic,
    bootstrap_servers=bootstrap,
    group_id=group,
    auto_offset_reset="earliest",
    enable_auto_commit=False,
    session_timeout_ms=6000,
    heartbeat_interval_ms=500,
    consumer_timeout_ms=15000,
)
seen = set()
deadline = time.time() + 30
while len(seen) < count and time.time() < deadline:
    for records in consumer.poll(timeout_ms=500).values():
        for record in records:
            seen.add(record.value)
consumer.commit()
partitions = consumer.partitions_for_topic(topic) or set()
committed = sum(consumer.committed(TopicPartition(topic, p)) or 0 for p in partitions)
consumer.close()
print("consumed=%d committed=%d" % (len(seen), committed))
sys.exit(0 if len(seen) == count and committed == count else 1)
