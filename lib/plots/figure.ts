/**
 * The small subset of plotly.js' figure format the project produces: plain data, no DOM. Any plotly renderer
 * (`Plotly.newPlot(div, figure.data, figure.layout)`) draws it.
 */
export interface Trace {
  type: 'scatter';
  mode: 'lines' | 'markers' | 'lines+markers';
  name: string;
  x: number[];
  y: number[];
  line?: { shape?: 'linear' | 'hv'; width?: number; dash?: 'solid' | 'dash' | 'dot'; color?: string };
  hovertemplate?: string;
  /** 'toself': the trace is a closed outline, filled with `fillcolor` (a band). */
  fill?: 'toself';
  fillcolor?: string;
  /** false: no legend entry. */
  showlegend?: boolean;
  hoverinfo?: 'skip';
}

export interface Axis {
  title: { text: string };
  type?: 'linear' | 'log';
  rangemode?: 'tozero' | 'normal';
  exponentformat?: 'e' | 'power' | 'SI' | 'none';
  /** Distance between ticks (e.g. 1 for whole epochs). */
  dtick?: number;
  /** Explicit tick positions and their labels. */
  tickvals?: number[];
  ticktext?: string[];
}

export interface Layout {
  title: { text: string; font?: { size: number } };
  xaxis: Axis;
  yaxis: Axis;
  legend?: { orientation: 'h' | 'v'; x?: number; y?: number; xanchor?: 'left' | 'center'; yanchor?: 'top' | 'bottom' };
  margin?: { t: number; r: number; b: number; l: number };
  height?: number;
  hovermode?: 'closest' | 'x unified';
}

export interface Figure {
  data: Trace[];
  layout: Layout;
}

/**
 * The layout the project's figures share: the title in 15 pt, the legend in a row below the plot, margins that
 * leave room for the axis titles (`top` above the plot: more for a title of three lines), hover on the closest point.
 */
export function figureLayout(title: string, xaxis: Axis, yaxis: Axis, height: number, top = 50): Layout {
  return {
    title: { text: title, font: { size: 15 } },
    xaxis,
    yaxis,
    legend: { orientation: 'h', x: 0, y: -0.2, xanchor: 'left', yanchor: 'top' },
    margin: { t: top, r: 20, b: 40, l: 70 },
    height,
    hovermode: 'closest',
  };
}
