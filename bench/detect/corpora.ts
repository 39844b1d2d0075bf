/**
 * Real chat text for the detection benchmark (`../shared/data/chat`, see each SOURCE.md):
 * IRC logs (`irc-ubuntu/dev/*.raw.txt`, `irc-ubuntu/new-domains/*.ascii.txt`; one message a
 * line) and SMS messages (`sms-spam-collection/SMSSpamCollection.tsv`, `label<TAB>text`,
 * header line skipped). Sizes are UTF-8 bytes; 1 KiB = 1024 bytes, 1 MiB = 2^20 bytes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A named list of chat messages. */
export interface Corpus {
  name: string;
  messages: string[];
  /** Total UTF-8 bytes of `messages`. */
  bytes: number;
}

const utf8 = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Takes messages in order until `maxBytes` is reached. */
function takeBytes(lines: readonly string[], maxBytes: number): string[] {
  const out: string[] = [];
  let n = 0;
  for (const l of lines) {
    if (n >= maxBytes) break;
    out.push(l);
    n += utf8(l);
  }
  return out;
}

function corpus(name: string, messages: string[]): Corpus {
  return { name, messages, bytes: messages.reduce((n, m) => n + utf8(m), 0) };
}

/**
 * IRC: an equal byte share from each of the log files, so every channel is represented.
 * Returns null when the folder is absent.
 */
export function loadIrc(dataDir: string, maxBytes: number): Corpus | null {
  const root = join(dataDir, 'chat/irc-ubuntu');
  if (!existsSync(root)) return null;
  const files = ['dev', 'new-domains'].flatMap((d) =>
    existsSync(join(root, d))
      ? readdirSync(join(root, d))
          .filter((f) => f.endsWith('.txt'))
          .sort()
          .map((f) => join(root, d, f))
      : [],
  );
  if (!files.length) return null;
  const share = Math.ceil(maxBytes / files.length);
  const messages = files.flatMap((f) => takeBytes(readFileSync(f, 'utf8').split('\n').filter((l) => l.trim() !== ''), share));
  return corpus('irc-ubuntu', messages);
}

/** SMS Spam Collection texts (ham and spam). Returns null when the file is absent. */
export function loadSms(dataDir: string, maxBytes: number): Corpus | null {
  const file = join(dataDir, 'chat/sms-spam-collection/SMSSpamCollection.tsv');
  if (!existsSync(file)) return null;
  const texts = readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.slice(l.indexOf('\t') + 1))
    .filter((t) => t.trim() !== '');
  return corpus('sms-spam-collection', takeBytes(texts, maxBytes));
}

/**
 * Cuts a corpus into messages of exactly `size` UTF-16 code units (≈ bytes for this mostly
 * ASCII text) by joining consecutive messages with newlines; never ends inside a surrogate pair.
 */
export function fixedSizeMessages(c: Corpus, size: number, count: number): string[] {
  const out: string[] = [];
  let buf = '';
  for (let i = 0; out.length < count && c.messages.length > 0; i++) {
    buf += (buf ? '\n' : '') + (c.messages[i % c.messages.length] ?? '');
    while (buf.length >= size && out.length < count) {
      let cut = size;
      const code = buf.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut--;
      out.push(buf.slice(0, cut));
      buf = buf.slice(cut);
    }
  }
  return out;
}
