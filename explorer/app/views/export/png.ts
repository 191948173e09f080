import type Sigma from 'sigma';
import type { LegendEntry } from '../cluster/style.ts';

/**
 * The graph as the reviewer sees it plus its legend and title, in one PNG: sigma's layers are
 * re-rendered and copied in the same task, before the WebGL buffers are cleared.
 */
export function graphPng(
  renderer: Sigma,
  legend: LegendEntry[],
  title: string,
  background: string,
): Promise<Blob> {
  renderer.refresh();
  const layers = renderer.getCanvases();
  const { width, height } = renderer.getDimensions();
  const ratio = window.devicePixelRatio || 1;
  const legendWidth = 180;
  const canvas = document.createElement('canvas');
  canvas.width = (width + legendWidth) * ratio;
  canvas.height = Math.max(height, 60 + legend.length * 22) * ratio;
  const ctx = canvas.getContext('2d')!;
  ctx.scale(ratio, ratio);
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width + legendWidth, canvas.height / ratio);
  for (const id of ['edges', 'nodes', 'edgeLabels', 'labels']) {
    const layer = layers[id];
    if (layer) ctx.drawImage(layer, 0, 0, width, height);
  }
  ctx.font = '600 13px system-ui, sans-serif';
  ctx.fillStyle = '#e6e9ef';
  ctx.fillText(title, 12, 22);
  ctx.font = '12px system-ui, sans-serif';
  legend.forEach((entry, i) => {
    const y = 40 + i * 22;
    const x = width + 16;
    ctx.fillStyle = entry.color;
    if (entry.shape === 'node') {
      ctx.beginPath();
      ctx.arc(x + 6, y, 6, 0, 2 * Math.PI);
      ctx.fill();
    } else ctx.fillRect(x, y - 2, 14, 4);
    ctx.fillStyle = '#c9ced8';
    ctx.fillText(entry.label, x + 24, y + 4);
  });
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be encoded'))),
      'image/png',
    ),
  );
}
