// Refreshes the class catalogue's Microsoft 365 lists from Microsoft's published endpoint sets (the
// JSON of https://endpoints.office.com/endpoints/worldwide): each rule whose source names
// "Microsoft 365 endpoints (worldwide)" and an ID gets that set's whole address list, IPv4 and IPv6,
// and the version date in its source. The rest of the file, its comments included, is left as it is.
// Run by hand (npm run refresh:m365), then read the diff: a new address may move traffic between classes.
import { isMap, isScalar, isSeq, parseDocument, type YAMLSeq } from 'yaml';
import { z } from 'zod';

/** One endpoint set as Microsoft's web service publishes it; only its id and addresses are read. */
export const endpointSetSchema = z.object({ id: z.number().int(), ips: z.array(z.string()).optional() }).passthrough();
export type EndpointSet = z.infer<typeof endpointSetSchema>;

const M365 = /^(Microsoft 365 endpoints \(worldwide\), .*ID (\d+)[^,]*), (?:version of|read) \d{4}-\d\d-\d\d$/;

/**
 * The catalogue's text with every Microsoft 365 list replaced by its set in `sets`, dated `version`
 * (YYYY-MM-DD). Throws, naming the ID, where the catalogue cites a set the JSON does not hold.
 */
export function refreshM365(catalogue: string, sets: EndpointSet[], version: string): { text: string; changed: string[] } {
  const doc = parseDocument(catalogue);
  const changed: string[] = [];
  const classes = doc.get('classes');
  if (!isSeq(classes)) throw new Error('the catalogue has no classes list');
  for (const cls of classes.items) {
    if (!isMap(cls)) continue;
    const match = cls.get('match');
    if (!isSeq(match)) continue;
    for (const rule of match.items) {
      if (!isMap(rule)) continue;
      const source = rule.get('source');
      const found = typeof source === 'string' ? M365.exec(source) : null;
      if (!found) continue;
      const set = sets.find((s) => s.id === Number(found[2]));
      if (!set?.ips?.length) throw new Error(`the endpoint sets hold no addresses for ID ${found[2]}, which the catalogue cites (${source})`);
      const prefixes = rule.get('prefixes') as YAMLSeq | undefined;
      const before = prefixes?.items.map((i) => String(isScalar(i) ? i.value : i)) ?? [];
      if (before.join(' ') !== set.ips.join(' ')) changed.push(`${cls.get('id')}: ID ${found[2]}: ${set.ips.filter((ip) => !before.includes(ip)).length} added, ${before.filter((ip) => !set.ips!.includes(ip)).length} gone`);
      const seq = doc.createNode(set.ips) as YAMLSeq;
      seq.flow = true;
      // IPv6 prefixes quoted, as the file writes them: a reader sees at once they are strings.
      for (const item of seq.items) if (isScalar(item) && String(item.value).includes(':')) item.type = 'QUOTE_DOUBLE';
      rule.set('prefixes', seq);
      rule.set('source', `${found[1]}, version of ${version}`);
    }
  }
  return { text: doc.toString({ lineWidth: 0, flowCollectionPadding: false }), changed };
}
