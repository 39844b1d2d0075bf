/**
 * The exposure report of a chat history: what personal data sits where and how many people could
 * read it. Fed one message at a time (findings with their values); keeps only counts, keyed hashes
 * of values (HMAC-SHA256 under a key that lives for one run) and masked samples — never a raw value.
 *
 * Exposure: a channel's exposure is its findings × its members (its audience); the total exposure
 * is Σ over distinct values (entity type + normalised value) of the number of people who could
 * read it: the size of the union of the members of every channel the value appeared in.
 */
import { createHmac, randomBytes } from 'node:crypto';

/** A finding with its value (the value is hashed and masked here, never stored). */
export interface ValueFinding {
  entityType: string;
  value: string;
  /** Registered data subject the value matched (KNOWN_SUBJECT). */
  subjectId?: string;
}

/** A conversation as the report sees it. */
export interface ExposureChannel {
  name: string;
  kind: string;
  private: boolean;
  /** Member ids (Slack user ids). */
  members: readonly string[];
}

/** What the report recommends for a channel. */
export type Recommendation = 'case_room' | 'archive_unimported' | 'import';

/** One channel's row of `exposure.json`. */
export interface ChannelExposure {
  name: string;
  kind: string;
  private: boolean;
  /** Audience: listed members ∪ authors seen. */
  members: number;
  messages: number;
  findings: number;
  byEntityType: Record<string, number>;
  /** findings × members. */
  exposure: number;
  firstMessageAt: string | null;
  lastMessageAt: string | null;
  /** Distinct authors per month (`YYYY-MM`): the audience that took part over time. */
  activeByMonth: Record<string, number>;
  recommendation: Recommendation;
  reason: string;
}

/** `exposure.json`. */
export interface ExposureReport {
  messages: number;
  findings: number;
  byEntityType: Record<string, number>;
  exposure: number;
  distinctValues: number;
  channels: ChannelExposure[];
  /** Authors by Slack user id (never a name), most findings first (top 50). */
  authors: Array<{ id: string; messages: number; findings: number }>;
  /** Values seen in two or more channels, masked, most channels first (top 25). */
  sharedValues: Array<{ entityType: string; masked: string; channels: number; readers: number }>;
  /** Findings per registered data subject (masked sample). */
  subjects: Array<{ subjectId: string; findings: number; masked: string }>;
  problems: {
    malformedDayFiles: string[];
    droppedRecords: number;
    unknownSubtypes: Record<string, number>;
    missingUsers: number;
    warnings: string[];
  };
}

/** Mask character, as on the subject card. */
const MASK = '▪';

/** Masks a value: all code points but the last two (kept only when it has at least 6). */
export function maskSample(value: string): string {
  const cps = [...value];
  const keep = cps.length >= 6 ? 2 : 0;
  return MASK.repeat(Math.min(cps.length - keep, 12)) + cps.slice(cps.length - keep).join('');
}

interface ChannelAcc {
  info: ExposureChannel;
  audience: Set<string>;
  messages: number;
  findings: number;
  byType: Map<string, number>;
  first: number;
  last: number;
  months: Map<string, Set<string>>;
}

interface ValueAcc {
  entityType: string;
  masked: string;
  channels: Set<number>;
}

const inc = (m: Map<string, number>, k: string, n = 1): void => {
  m.set(k, (m.get(k) ?? 0) + n);
};
const obj = (m: Map<string, number>): Record<string, number> => Object.fromEntries([...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));

/** Accumulates the report; see the module comment. */
export class ExposureCounter {
  readonly #key: Buffer;
  readonly #broadThreshold: number;
  readonly #channels: ChannelAcc[] = [];
  readonly #values = new Map<string, ValueAcc>();
  readonly #byType = new Map<string, number>();
  readonly #authors = new Map<string, { messages: number; findings: number }>();
  readonly #subjects = new Map<string, { findings: number; masked: string }>();
  readonly problems: ExposureReport['problems'] = { malformedDayFiles: [], droppedRecords: 0, unknownSubtypes: {}, missingUsers: 0, warnings: [] };
  #messages = 0;
  #findings = 0;

  /** `broadThreshold`: members above which a channel is broad (default 50, as the live policy). */
  constructor(opts: { broadThreshold?: number } = {}) {
    this.#key = randomBytes(32);
    this.#broadThreshold = opts.broadThreshold ?? 50;
  }

  /** Registers a conversation; returns its index for {@link message}. */
  channel(info: ExposureChannel): number {
    this.#channels.push({ info, audience: new Set(info.members), messages: 0, findings: 0, byType: new Map(), first: Infinity, last: -Infinity, months: new Map() });
    return this.#channels.length - 1;
  }

  /** Counts one message of channel `ch` by `author` (Slack user id) at `atMs`, with its findings. */
  message(ch: number, author: string | undefined, atMs: number, findings: readonly ValueFinding[]): void {
    const c = this.#channels[ch];
    if (!c) throw new RangeError(`unknown channel index ${ch}`);
    this.#messages++;
    c.messages++;
    if (Number.isFinite(atMs)) {
      c.first = Math.min(c.first, atMs);
      c.last = Math.max(c.last, atMs);
    }
    if (author) {
      c.audience.add(author);
      const a = this.#authors.get(author) ?? { messages: 0, findings: 0 };
      a.messages++;
      a.findings += findings.length;
      this.#authors.set(author, a);
      if (Number.isFinite(atMs)) {
        const month = new Date(atMs).toISOString().slice(0, 7);
        const set = c.months.get(month) ?? new Set<string>();
        set.add(author);
        c.months.set(month, set);
      }
    }
    for (const f of findings) {
      this.#findings++;
      c.findings++;
      inc(c.byType, f.entityType);
      inc(this.#byType, f.entityType);
      const norm = f.value.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
      const h = createHmac('sha256', this.#key).update(`${f.entityType}\0${norm}`).digest('base64url');
      let v = this.#values.get(h);
      if (!v) {
        v = { entityType: f.entityType, masked: maskSample(f.value), channels: new Set() };
        this.#values.set(h, v);
      }
      v.channels.add(ch);
      if (f.subjectId) {
        const s = this.#subjects.get(f.subjectId) ?? { findings: 0, masked: maskSample(f.value) };
        s.findings++;
        this.#subjects.set(f.subjectId, s);
      }
    }
  }

  /** Counts a message subtype the importer does not know. */
  unknownSubtype(name: string): void {
    this.problems.unknownSubtypes[name] = (this.problems.unknownSubtypes[name] ?? 0) + 1;
  }

  /** The report as it stands. */
  result(): ExposureReport {
    let exposure = 0;
    const shared: ExposureReport['sharedValues'] = [];
    for (const v of this.#values.values()) {
      let readers: number;
      if (v.channels.size === 1) readers = (this.#channels[[...v.channels][0] as number] as ChannelAcc).audience.size;
      else {
        const union = new Set<string>();
        for (const i of v.channels) for (const m of (this.#channels[i] as ChannelAcc).audience) union.add(m);
        readers = union.size;
        shared.push({ entityType: v.entityType, masked: v.masked, channels: v.channels.size, readers });
      }
      exposure += readers;
    }
    shared.sort((a, b) => b.channels - a.channels || b.readers - a.readers);
    const channels = this.#channels.map((c) => this.#channelRow(c)).sort((a, b) => b.exposure - a.exposure || (a.name < b.name ? -1 : 1));
    return {
      messages: this.#messages,
      findings: this.#findings,
      byEntityType: obj(this.#byType),
      exposure,
      distinctValues: this.#values.size,
      channels,
      authors: [...this.#authors].map(([id, a]) => ({ id, ...a })).sort((a, b) => b.findings - a.findings || b.messages - a.messages).slice(0, 50),
      sharedValues: shared.slice(0, 25),
      subjects: [...this.#subjects].map(([subjectId, s]) => ({ subjectId, ...s })).sort((a, b) => b.findings - a.findings),
      problems: this.problems,
    };
  }

  #channelRow(c: ChannelAcc): ChannelExposure {
    const members = c.audience.size;
    const broad = !c.info.private || members > this.#broadThreshold;
    const density = c.messages === 0 ? 0 : c.findings / c.messages;
    let recommendation: Recommendation = 'import';
    let reason = c.findings === 0 ? 'no personal data found' : 'personal data will be tokenized on import';
    if (c.findings > 0 && broad && density >= 0.1) {
      recommendation = 'archive_unimported';
      reason = `${c.findings} findings in ${c.messages} messages, in a channel open to ${members} people`;
    } else if (c.findings > 0 && !broad && members <= 10 && density >= 0.2) {
      recommendation = 'case_room';
      reason = 'a small private group working on personal data: make it a case room';
    }
    return {
      name: c.info.name,
      kind: c.info.kind,
      private: c.info.private,
      members,
      messages: c.messages,
      findings: c.findings,
      byEntityType: obj(c.byType),
      exposure: c.findings * members,
      firstMessageAt: Number.isFinite(c.first) ? new Date(c.first).toISOString() : null,
      lastMessageAt: Number.isFinite(c.last) ? new Date(c.last).toISOString() : null,
      activeByMonth: Object.fromEntries([...c.months].sort().map(([m, s]) => [m, s.size])),
      recommendation,
      reason,
    };
  }
}
