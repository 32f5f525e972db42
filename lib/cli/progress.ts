import cliProgress from 'cli-progress';
import type { RetentionProgress } from '../retention/service.js';

/**
 * Progress of a long run: bars on a terminal, plain lines otherwise (cron logs, pipes),
 * at most one per tenth of a rule's rows so a log stays readable.
 */
export function progressReporter({ bars, write }: { bars: boolean; write: (line: string) => void }) {
  if (bars) {
    const multi = new cliProgress.MultiBar(
      { format: ' {bar} {percentage}% | {value}/{total} | {label}', hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    const open = new Map<string, cliProgress.SingleBar>();
    return {
      update(p: RetentionProgress) {
        if (p.total === 0) return;
        let bar = open.get(p.rule);
        if (!bar) open.set(p.rule, (bar = multi.create(p.total, 0, { label: p.label })));
        bar.update(Math.min(p.done, p.total));
      },
      stop: () => multi.stop(),
    };
  }
  const shown = new Map<string, number>();
  return {
    update(p: RetentionProgress) {
      if (p.total === 0) return;
      const tenth = Math.floor((10 * p.done) / p.total);
      if (shown.get(p.rule) === tenth) return;
      shown.set(p.rule, tenth);
      write(`${p.rule}: ${p.done}/${p.total}`);
    },
    stop: () => undefined,
  };
}
