import { Line, LineChart, YAxis } from 'recharts';
import type { HistoryPoint } from '../../../src/shared/flow-api';

/** The last two minutes of one series; a gap where it could not be read (the process was down). */
export function Sparkline({ history, value, label }: { history: HistoryPoint[]; value: (point: HistoryPoint) => number | undefined; label: string }) {
  return (
    <LineChart width={140} height={32} data={history} aria-label={label}>
      <YAxis hide domain={[0, (max: number) => Math.max(max, 1)]} />
      <Line dataKey={value} type="monotone" stroke="currentColor" strokeWidth={1.5} dot={false} isAnimationActive={false} />
    </LineChart>
  );
}
