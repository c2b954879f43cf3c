import kafkajs from 'kafkajs';
import type { Admin } from 'kafkajs';

// Node's ESM loader cannot see this export of the CommonJS package by name; the default export carries it.
const { ConfigResourceTypes } = kafkajs;

/** What the publisher needs to know about the spans topic as it exists on the broker. */
export interface TopicLayout {
  partitions: number;
  /** The topic's `max.message.bytes`: records are packed to stay under it. */
  maxMessageBytes: number;
}

export interface TopicSpec {
  topic: string;
  dlqTopic: string;
  partitions: number;
  replicationFactor?: number;
  maxMessageBytes: number;
}

/** Creates the spans and dead-letter topics when missing and reads the spans topic's real layout. */
export async function ensureTopics(admin: Admin, spec: TopicSpec): Promise<TopicLayout> {
  const existing = new Set(await admin.listTopics());
  const config = [{ name: 'max.message.bytes', value: String(spec.maxMessageBytes) }];
  const replication =
    spec.replicationFactor === undefined ? {} : { replicationFactor: spec.replicationFactor };
  const missing = [
    { topic: spec.topic, numPartitions: spec.partitions, configEntries: config, ...replication },
    { topic: spec.dlqTopic, numPartitions: 1, configEntries: config, ...replication },
  ].filter((t) => !existing.has(t.topic));
  // Another process may create the same topic at the same moment; createTopics then answers false, not an error.
  if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: false });
  const partitions = await waitForLeaders(admin, [spec.topic, spec.dlqTopic]);
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: spec.topic, configNames: ['max.message.bytes'] }],
  });
  const configured = Number(
    resources[0]?.configEntries.find((e) => e.configName === 'max.message.bytes')?.configValue,
  );
  return {
    partitions,
    maxMessageBytes: Number.isFinite(configured) && configured > 0 ? configured : spec.maxMessageBytes,
  };
}

/**
 * Polls metadata until every partition of the topics has a leader; returns the first topic's partition count.
 * kafkajs's own waitForLeaders gives up on the unknown-topic answer a KRaft broker sends right after creation.
 */
async function waitForLeaders(admin: Admin, names: string[], timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: names });
      const ready = names.map((name) => {
        const partitions = topics.find((t) => t.name === name)?.partitions ?? [];
        return partitions.length > 0 && partitions.every((p) => p.leader >= 0) ? partitions.length : 0;
      });
      if (ready.every((n) => n > 0)) return ready[0] ?? 0;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
    if (Date.now() > deadline)
      throw new Error(`topics ${names.join(', ')} have no leaders after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** How far one partition's committed position is behind its end. */
export interface PartitionLag {
  partition: number;
  /** Next offset the group will read (its committed offset, or the log start when it never committed). */
  committed: number;
  /** The high watermark: offset of the next record to be written. */
  end: number;
  lag: number;
}

/** The group's lag on every partition of the topic, whichever member owns it. */
export async function consumerLag(admin: Admin, topic: string, groupId: string): Promise<PartitionLag[]> {
  const [ends, groups] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    admin.fetchOffsets({ groupId, topics: [topic] }),
  ]);
  const committed = new Map(
    (groups.find((g) => g.topic === topic)?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]),
  );
  return ends
    .map(({ partition, high, low }) => {
      const end = Number(high);
      const at = committed.get(partition) ?? -1;
      const position = at >= 0 ? at : Number(low);
      return { partition, committed: position, end, lag: Math.max(end - position, 0) };
    })
    .sort((a, b) => a.partition - b.partition);
}
