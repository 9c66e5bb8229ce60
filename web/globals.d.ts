// What the pages find loaded before them: d3 from /vendor/d3.js, as a global (index.html and the others).
import type * as d3Module from 'd3';

declare global {
  const d3: typeof d3Module;
}
