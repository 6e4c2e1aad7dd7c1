/**
 * A horizontal bar chart drawn as SVG by hand (no chart library): one row per key, the number printed
 * beside each bar so the chart reads without colour, and the same numbers in a table for screen readers.
 */
export function BarChart({
  id,
  title,
  rows,
  noData,
}: {
  id: string;
  title: string;
  rows: Array<{ label: string; count: number }>;
  noData: string;
}) {
  const rowHeight = 26;
  const labelWidth = 190;
  const barSpace = 340;
  const max = Math.max(1, ...rows.map((r) => r.count));
  const height = Math.max(1, rows.length) * rowHeight + 8;
  return (
    <figure class="chart-figure" data-chart={id}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      {rows.length === 0 ? (
        <p>{noData}</p>
      ) : (
        <svg class="chart" viewBox={`0 0 ${labelWidth + barSpace + 60} ${height}`} role="img" aria-labelledby={`${id}-title`}>
          {rows.map((row, i) => {
            const width = Math.round((row.count / max) * barSpace);
            const y = 4 + i * rowHeight;
            return (
              <g key={row.label} data-key={row.label} data-count={row.count}>
                <text x={labelWidth - 8} y={y + 16} text-anchor="end">
                  {row.label.length > 24 ? `${row.label.slice(0, 23)}…` : row.label}
                </text>
                <rect x={labelWidth} y={y + 3} width={Math.max(width, 1)} height={rowHeight - 8} fill="#0b57d0" />
                <text x={labelWidth + Math.max(width, 1) + 6} y={y + 16}>
                  {row.count}
                </text>
              </g>
            );
          })}
        </svg>
      )}
      {rows.length === 0 ? null : (
        <details>
          <summary>{title}</summary>
          <table>
            <tbody>
              {rows.map((row) => (
                <tr key={row.label}>
                  <th scope="row">{row.label}</th>
                  <td>{row.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}
