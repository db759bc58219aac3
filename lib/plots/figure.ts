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
