// The Prometheus text exposition format (0.0.4, and OpenMetrics' # EOF): families with their
// samples. Tolerant: summaries (quantile) and histograms (_bucket/_sum/_count) alike, unknown
// families and types kept as they are, malformed lines skipped rather than failing the page.

const SUFFIXES = ['_bucket', '_count', '_sum', '_total', '_created', '_gsum', '_gcount'];

/** text -> Map(family name -> {name, type, help, samples: [{name, labels, value}]}). */
export function parse(text) {
  const families = new Map();
  const family = name => {
    if (!families.has(name)) families.set(name, { name, type: 'untyped', help: '', samples: [] });
    return families.get(name);
  };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      const m = /^#\s+(HELP|TYPE)\s+(\S+)\s*(.*)$/.exec(line);
      if (m && m[1] === 'TYPE') family(m[2]).type = m[3].trim();
      if (m && m[1] === 'HELP') family(m[2]).help = m[3];
      continue;
    }
    const sample = parseSample(line);
    if (sample) family(familyOf(sample.name, families)).samples.push(sample);
  }
  return families;
}

/** The declared family a sample belongs to: its own name, or its name without a known suffix. */
function familyOf(name, families) {
  if (families.has(name)) return name;
  for (const suffix of SUFFIXES) {
    if (name.endsWith(suffix) && families.has(name.slice(0, -suffix.length))) return name.slice(0, -suffix.length);
  }
  return name;
}

function parseSample(line) {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\S+)?$/.exec(line);
  if (!m) return null;
  const labels = m[3] ? parseLabels(m[3]) : {};
  if (labels === null) return null;
  const value = parseValue(m[4]);
  if (Number.isNaN(value) && m[4] !== 'NaN') return null;
  return { name: m[1], labels, value };
}

function parseLabels(text) {
  const labels = {};
  const re = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/y;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) return text.slice(at).trim() === '' ? labels : null;
    labels[m[1]] = m[2].replace(/\\(.)/g, (all, c) => (c === 'n' ? '\n' : c));
    at = re.lastIndex;
  }
  return labels;
}

function parseValue(text) {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text); // NaN stays NaN
}

/** Samples of a family whose sample name is exactly `name` (default: counters and gauges as named). */
export function samples(families, familyName, sampleName = familyName) {
  const f = families.get(familyName) || families.get(familyName.replace(/_total$/, ''));
  return f ? f.samples.filter(s => s.name === sampleName) : [];
}

/** Sum of the family's values grouped by one label: {labelValue: sum}. */
export function sumBy(families, name, label) {
  const out = {};
  for (const s of samples(families, name)) {
    const key = s.labels[label] ?? '';
    out[key] = (out[key] || 0) + s.value;
  }
  return out;
}

export function total(families, name) {
  return samples(families, name).reduce((sum, s) => sum + (Number.isNaN(s.value) ? 0 : s.value), 0);
}

/**
 * The q-quantile of a latency family per value of `label`: read from a summary's quantile
 * samples, or estimated from a histogram's cumulative buckets (linear within the bucket).
 */
export function quantileBy(families, name, label, q) {
  const f = families.get(name);
  if (!f) return {};
  const out = {};
  const quantiles = f.samples.filter(s => s.name === name && s.labels.quantile !== undefined);
  if (quantiles.length) {
    for (const s of quantiles) if (Number(s.labels.quantile) === q) out[s.labels[label] ?? ''] = s.value;
    return out;
  }
  const buckets = {};
  for (const s of f.samples.filter(x => x.name === name + '_bucket')) {
    const key = s.labels[label] ?? '';
    (buckets[key] = buckets[key] || []).push({ le: parseValue(s.labels.le), count: s.value });
  }
  for (const [key, list] of Object.entries(buckets)) out[key] = fromBuckets(list, q);
  return out;
}

function fromBuckets(list, q) {
  list.sort((a, b) => a.le - b.le);
  const count = list.length ? list[list.length - 1].count : 0;
  if (!count) return NaN;
  const rank = q * count;
  let lower = 0;
  let below = 0;
  for (const { le, count: cumulative } of list) {
    if (cumulative >= rank) {
      if (le === Infinity) return lower;
      const inBucket = cumulative - below;
      return inBucket ? lower + (le - lower) * ((rank - below) / inBucket) : le;
    }
    lower = le;
    below = cumulative;
  }
  return lower;
}
