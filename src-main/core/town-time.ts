// Instants in messages the core writes for people ("posted at …", "delivered on …"), in the
// town's time zone (setting timeZone) like every time on screen, paper and PDF — never UTC ISO
// and never the zone of the computer running the core. Same shape as the screens show.
const formats = new Map<string, Intl.DateTimeFormat>();

export function formatTownTime(iso: string, timeZone: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  let f = formats.get(timeZone);
  let suffix = '';
  if (!f) {
    const options: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit', hour: 'numeric', minute: '2-digit' };
    try {
      f = new Intl.DateTimeFormat('en-US', { ...options, timeZone });
      formats.set(timeZone, f);
    } catch {
      // A zone that is no zone (a bad stored setting): say UTC rather than guess.
      f = new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' });
      suffix = ' UTC';
    }
  }
  return f.format(new Date(t)) + suffix;
}
