import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export interface ChartLine {
  label: string;
  values: (number | null)[];
}

const COLOURS = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];

/** A line chart drawn by uPlot; x is the buckets' start times (seconds), y is formatted by `format`. */
export function Chart({ title, xs, lines, format, testId }: { title: string; xs: number[]; lines: ChartLine[]; format: (value: number) => string; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const width = Math.max(320, element.clientWidth || 640);
    const plot = new uPlot(
      {
        title,
        width,
        height: 240,
        series: [{}, ...lines.map((line, i) => ({ label: line.label, stroke: COLOURS[i % COLOURS.length], width: 2, spanGaps: false, points: { show: true } }))],
        axes: [{}, { values: (_u: uPlot, ticks: number[]) => ticks.map((tick) => format(tick)), size: 70 }],
        scales: { x: { time: true } },
      },
      [xs, ...lines.map((line) => line.values)] as uPlot.AlignedData,
      element,
    );
    return () => plot.destroy();
  }, [title, xs, lines, format]);
  return <div class="report-chart" ref={box} data-testid={testId} />;
}
