/** Points of a five-pointed star with one point up, centred on (cx, cy); the inner radius makes straight edges. */
export function starPoints(cx: number, cy: number, outerRadius: number): Array<[number, number]> {
  // For a regular pentagram the inner radius is R·sin(18°)/sin(126°) ≈ 0.382 R.
  const innerRadius = (outerRadius * Math.sin(Math.PI / 10)) / Math.sin((7 * Math.PI) / 10);
  const points: Array<[number, number]> = [];
  for (let i = 0; i < 10; i++) {
    const radius = i % 2 === 0 ? outerRadius : innerRadius;
    const angle = (i * Math.PI) / 5; // 0 = up
    points.push([cx + radius * Math.sin(angle), cy - radius * Math.cos(angle)]);
  }
  return points;
}
