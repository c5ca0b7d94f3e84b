import type { ExplanationItem, SignalLabel } from '../../domain/index.ts';

/** Crawled text is capped before rendering so one hostile listing cannot bloat a page. */
export const MAX_TEXT_CHARS = 20_000;

/** A run of the classifier input, highlighted or not. */
export interface Segment {
  text: string;
  /** Features whose spans cover this run (empty: not highlighted). */
  features: string[];
  labels: SignalLabel[];
}

interface Boundary {
  at: number;
  features: string[];
  labels: SignalLabel[];
}

/**
 * Cuts `input` into runs at every span edge; spans outside the text or empty are ignored, overlaps
 * are merged by listing every feature that covers a run.
 */
export function segmentText(input: string, explanation: readonly ExplanationItem[]): Segment[] {
  const edges = new Set<number>([0, input.length]);
  const spans: { start: number; end: number; feature: string; label: SignalLabel }[] = [];
  for (const item of explanation) {
    for (const span of item.spans) {
      const start = Math.max(0, Math.min(span.start, input.length));
      const end = Math.max(0, Math.min(span.end, input.length));
      if (end <= start) continue;
      spans.push({ start, end, feature: item.feature, label: item.label });
      edges.add(start);
      edges.add(end);
    }
  }
  const points = [...edges].sort((a, b) => a - b);
  const cuts: Boundary[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const at = points[i] as number;
    const covering = spans.filter((s) => s.start <= at && s.end > at);
    cuts.push({
      at,
      features: [...new Set(covering.map((s) => s.feature))],
      labels: [...new Set(covering.map((s) => s.label))],
    });
  }
  const segments: Segment[] = [];
  for (let i = 0; i < cuts.length; i++) {
    const cut = cuts[i] as Boundary;
    const end = cuts[i + 1]?.at ?? input.length;
    const text = input.slice(cut.at, end);
    const last = segments[segments.length - 1];
    if (last && last.features.join('\u0000') === cut.features.join('\u0000')) last.text += text;
    else segments.push({ text, features: cut.features, labels: cut.labels });
  }
  return segments;
}

function Runs({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((s) =>
        s.features.length === 0 ? (
          s.text
        ) : (
          <mark class={`hl ${s.labels.map((l) => `hl-${l}`).join(' ')}`} title={s.features.join(', ')}>
            {s.text}
          </mark>
        ),
      )}
    </>
  );
}

/** Cuts segments of `title + "\n" + text` back into the title's runs and the text's runs. */
function splitAt(segments: Segment[], at: number): [Segment[], Segment[]] {
  const before: Segment[] = [];
  const after: Segment[] = [];
  let pos = 0;
  for (const s of segments) {
    const end = pos + s.text.length;
    if (end <= at) before.push(s);
    else if (pos >= at) after.push(s);
    else {
      before.push({ ...s, text: s.text.slice(0, at - pos) });
      after.push({ ...s, text: s.text.slice(at - pos) });
    }
    pos = end;
  }
  return [before, after];
}

/**
 * The listing's title and text with the explanation's spans as `<mark>`; every character goes
 * through JSX escaping (crawled text is hostile).
 */
export function HighlightedText(props: {
  title: string;
  text: string;
  explanation: readonly ExplanationItem[];
}) {
  const input = `${props.title}\n${props.text}`;
  const segments = segmentText(input, props.explanation);
  const [titleRuns, rest] = splitAt(segments, props.title.length);
  // Drop the joining newline that belongs to neither part.
  const [, textRunsFull] = splitAt(rest, 1);
  const textRuns = capRuns(textRunsFull, MAX_TEXT_CHARS);
  const truncated = props.text.length > MAX_TEXT_CHARS;
  return (
    <div class="listing-text" data-testid="listing-text">
      <h2 class="listing-title">
        <Runs segments={titleRuns} />
      </h2>
      <div class="listing-body">
        <Runs segments={textRuns} />
        {truncated ? <span class="truncated"> […]</span> : null}
      </div>
    </div>
  );
}

function capRuns(segments: Segment[], max: number): Segment[] {
  const out: Segment[] = [];
  let used = 0;
  for (const s of segments) {
    if (used >= max) break;
    const text = s.text.slice(0, max - used);
    out.push({ ...s, text });
    used += text.length;
  }
  return out;
}
