//! Server-side SVG: flowcharts (CAT-6) laid out in layers, and QR codes (REG-4). Both are
//! accessible: `role="img"`, a `<title>` and a `<desc>` that reads the chart as text.

use std::fmt::Write as _;

use sanxiang_core::catalog::flowchart::{Flowchart, NodeShape};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const BOX_W: i64 = 220;
const BOX_H: i64 = 64;
const GAP_X: i64 = 40;
const GAP_Y: i64 = 56;

/// Wraps a label into lines of at most `n` characters (CJK text has no spaces to break at).
fn lines(label: &str, n: usize) -> Vec<String> {
    let chars: Vec<char> = label.chars().collect();
    chars
        .chunks(n)
        .map(|c| c.iter().collect())
        .take(3)
        .collect()
}

/// The chart as SVG: nodes in layers top to bottom, edges as lines with arrowheads; a back edge
/// (to an earlier layer) is drawn along the right side.
pub fn flowchart(chart: &Flowchart, title: &str) -> String {
    let rows = chart.layout();
    let width_n = rows.iter().map(Vec::len).max().unwrap_or(1).max(1) as i64;
    let width = width_n * (BOX_W + GAP_X) + GAP_X + 60;
    let height = rows.len() as i64 * (BOX_H + GAP_Y) + GAP_Y;
    let mut pos = std::collections::HashMap::new();
    for (r, row) in rows.iter().enumerate() {
        let row_w = row.len() as i64 * (BOX_W + GAP_X) - GAP_X;
        let x0 = (width - 60 - row_w) / 2;
        for (c, n) in row.iter().enumerate() {
            let x = x0 + c as i64 * (BOX_W + GAP_X);
            let y = GAP_Y / 2 + r as i64 * (BOX_H + GAP_Y);
            pos.insert(n.id.as_str(), (x, y, r));
        }
    }
    let mut desc = Vec::new();
    for row in &rows {
        for n in row {
            let next: Vec<String> = chart
                .edges
                .iter()
                .filter(|e| e.from == n.id)
                .filter_map(|e| {
                    let to = chart.nodes.iter().find(|m| m.id == e.to)?;
                    Some(match &e.label {
                        Some(l) => format!("{l}则到“{}”", to.label),
                        None => format!("到“{}”", to.label),
                    })
                })
                .collect();
            desc.push(format!(
                "{}{}",
                n.label,
                if next.is_empty() {
                    "（结束）".into()
                } else {
                    format!("，{}", next.join("，"))
                }
            ));
        }
    }
    let mut out = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="fc-title fc-desc" font-family="Noto Sans CJK SC, sans-serif" font-size="15"><title id="fc-title">{}</title><desc id="fc-desc">{}</desc><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#333"/></marker></defs>"##,
        esc(title),
        esc(&desc.join("；"))
    );
    let mut back = 0i64;
    for e in &chart.edges {
        let (Some(&(x1, y1, r1)), Some(&(x2, y2, r2))) =
            (pos.get(e.from.as_str()), pos.get(e.to.as_str()))
        else {
            continue;
        };
        let (lx, ly);
        if r2 > r1 {
            let (sx, sy, tx, ty) = (x1 + BOX_W / 2, y1 + BOX_H, x2 + BOX_W / 2, y2);
            out.push_str(&format!(r##"<line x1="{sx}" y1="{sy}" x2="{tx}" y2="{ty}" stroke="#333" stroke-width="1.5" marker-end="url(#arrow)"/>"##));
            lx = (sx + tx) / 2 + 6;
            ly = (sy + ty) / 2;
        } else {
            back += 1;
            let rx = width - 40 + back * 6 - 6;
            let (sx, sy, tx, ty) = (x1 + BOX_W, y1 + BOX_H / 2, x2 + BOX_W, y2 + BOX_H / 2);
            out.push_str(&format!(r##"<path d="M{sx} {sy}H{rx}V{ty}H{tx}" fill="none" stroke="#333" stroke-width="1.5" stroke-dasharray="5 3" marker-end="url(#arrow)"/>"##));
            lx = rx - 90;
            ly = (sy + ty) / 2;
        }
        if let Some(l) = &e.label {
            out.push_str(&format!(
                r##"<text x="{lx}" y="{ly}" fill="#8a1010" font-size="13">{}</text>"##,
                esc(l)
            ));
        }
    }
    for n in &chart.nodes {
        let Some(&(x, y, _)) = pos.get(n.id.as_str()) else {
            continue;
        };
        let shape = match n.shape {
            NodeShape::Start | NodeShape::End => format!(
                r##"<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="30" fill="#fdecea" stroke="#a4161a" stroke-width="1.5"/>"##
            ),
            NodeShape::Decision => {
                let (cx, cy) = (x + BOX_W / 2, y + BOX_H / 2);
                format!(
                    r##"<polygon points="{cx},{y} {},{cy} {cx},{} {x},{cy}" fill="#fff8e5" stroke="#8a5300" stroke-width="1.5"/>"##,
                    x + BOX_W,
                    y + BOX_H
                )
            }
            NodeShape::Step => format!(
                r##"<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" fill="#eef4fb" stroke="#0b4f9c" stroke-width="1.5"/>"##
            ),
        };
        out.push_str(&shape);
        let per_line = if n.shape == NodeShape::Decision {
            10
        } else {
            13
        };
        let mut text_lines = lines(&n.label, per_line);
        if let Some(note) = &n.note {
            text_lines.push(format!("（{note}）"));
        }
        let first_y = y + BOX_H / 2 - (text_lines.len() as i64 - 1) * 9 + 5;
        for (i, l) in text_lines.iter().enumerate() {
            let size = if i + 1 == text_lines.len() && n.note.is_some() {
                12
            } else {
                15
            };
            out.push_str(&format!(
                r##"<text x="{}" y="{}" text-anchor="middle" font-size="{size}" fill="#1a1a1a">{}</text>"##,
                x + BOX_W / 2,
                first_y + i as i64 * 18,
                esc(l)
            ));
        }
    }
    out.push_str("</svg>");
    out
}

/// A QR code of `url` as SVG, labelled for screen readers.
pub fn qr(url: &str, label: &str) -> String {
    let code = match qrcode::QrCode::new(url.as_bytes()) {
        Ok(code) => code,
        Err(e) => {
            tracing::warn!(error = %e, "QR code not generated");
            return String::new();
        }
    };
    // One path of horizontal runs (a few KB), not an element per module: drawing is then as
    // cheap as encoding. Four modules of quiet zone on each side.
    let width = code.width();
    let colors = code.to_colors();
    let mut d = String::with_capacity(width * width);
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == qrcode::Color::Dark {
                let start = x;
                while x < width && row[x] == qrcode::Color::Dark {
                    x += 1;
                }
                let n = x - start;
                let _ = write!(d, "M{} {}h{n}v1h-{n}z", start + 4, y + 4);
            } else {
                x += 1;
            }
        }
    }
    let size = width + 8;
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{}" viewBox="0 0 {size} {size}" width="180" height="180" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{d}"/></svg>"##,
        esc(label)
    )
}
