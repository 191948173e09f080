import type { InteractionColumns } from '../../../shared/api.ts';

export interface CommentGroup {
  /** The near-duplicate group, or null for a comment that has none. */
  duplicateGroup: number | null;
  /** Interaction indices, in time order. */
  rows: number[];
  firstTs: number;
  authors: number;
}

/**
 * The comments inside the window in time order, near-duplicates gathered under their first
 * occurrence so a copy-paste campaign reads as one block.
 */
export function groupComments(x: InteractionColumns, window: [number, number] | null): CommentGroup[] {
  const groups: CommentGroup[] = [];
  const byDuplicate = new Map<number, CommentGroup>();
  const authors = new Map<CommentGroup, Set<string>>();
  for (let i = 0; i < x.ts.length; i++) {
    if (x.type[i] !== 'comment' || x.text[i] === null) continue;
    const ts = x.ts[i]!;
    if (window && (ts < window[0] || ts > window[1])) continue;
    const dup = x.duplicate_group[i] ?? null;
    let group = dup === null ? undefined : byDuplicate.get(dup);
    if (!group) {
      group = { duplicateGroup: dup, rows: [], firstTs: ts, authors: 0 };
      groups.push(group);
      authors.set(group, new Set());
      if (dup !== null) byDuplicate.set(dup, group);
    }
    group.rows.push(i);
    authors.get(group)!.add(x.actor[i]!);
  }
  for (const group of groups) group.authors = authors.get(group)!.size;
  return groups;
}

export interface TextSegment {
  text: string;
  hostile: boolean;
}

/** A comment cut at its hostile terms ([start, end) pairs), so the view can mask just those. */
export function segments(text: string, spans: number[] | null): TextSegment[] {
  const out: TextSegment[] = [];
  let at = 0;
  const pairs = spans ?? [];
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const start = Math.max(at, pairs[i]!);
    const end = Math.min(text.length, pairs[i + 1]!);
    if (end <= start) continue;
    if (start > at) out.push({ text: text.slice(at, start), hostile: false });
    out.push({ text: text.slice(start, end), hostile: true });
    at = end;
  }
  if (at < text.length) out.push({ text: text.slice(at), hostile: false });
  return out;
}
