// Small DOM helpers shared by the dashboard's modules (app.js, charts.js, controls.js), and the token every /api/*
// request carries when the dashboard listens beyond loopback (docs/dashboard.md, "Security").

const SVG = 'http://www.w3.org/2000/svg';
export const token = new URLSearchParams(location.search).get('token');

export const withToken = (url) => (token ? `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}` : url);

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

export function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  }
  node.append(...children);
  return node;
}
