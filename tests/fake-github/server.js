#!/usr/bin/env node
// server.js: a fake GitHub API (REST v3 + GraphQL v4) on loopback for the
// stackwatch tests, built from GitHub's own published descriptions:
//  - REST paths are accepted only if they exist in @octokit/openapi
//    (api.github.com.json); response bodies start from that description's
//    example responses with the synthetic repo's values filled in.
//  - GraphQL queries are validated and executed with the reference `graphql`
//    implementation against @octokit/graphql-schema (GitHub's schema), so a
//    query GitHub would reject fails here too.
// It serves N deterministic synthetic repos (FAKE_REPOS, default 2000, up to
// 20,000+), search with the real 1,000-result cap, total_count,
// incomplete_results and Link pagination, primary rate limits for core,
// search and graphql (GraphQL cost by GitHub's published formula), ETags and
// 304s (free), and fault injection through POST /_admin/fault.
//
// Usage: node server.js            (prints the port on the first stdout line)
// Env:   FAKE_REPOS=N FAKE_TOKEN=tok (require "Authorization: Bearer tok")
//        FAKE_PORT=0 FAKE_REST_LIMIT=5000 FAKE_GRAPHQL_LIMIT=5000
//        FAKE_REPOS_CSV=list.csv (serve a curated list's repos, stars + i % 7)
//        FAKE_GQL_RENAMES=0 (by-name GraphQL lookups do not follow renames)
//        FAKE_README_JSON=1 (READMEs as base64 JSON even when raw is asked for)
//        FAKE_SEARCH_LIMIT=1000000 FAKE_SEARCH_WINDOW=60 (seconds) FAKE_CLUMP=N (N extra "llm" repos with the
//        same star count and creation day: a slice search cannot complete)
// Admin (no auth, not counted): GET /_admin/stats, POST /_admin/reset-stats,
//   POST /_admin/fault {kind, count, match, retry_after, reset_in, delay_ms}
//     kinds: ratelimit secondary 500 502 slow truncated badjson incomplete gqltimeout
//   POST /_admin/rename {from:"o/r", to:"o2/r2"}, POST /_admin/delete {repo},
//   POST /_admin/tick {stars:K} (every repo i gains (i % 7) * K stars),
//   POST /_admin/history {repo, mode: "history"|"stargazers"|"none", stars}
//   POST /_admin/readme {repo, text} (text null: the repo has no README; raw
//     text for Accept: ...raw..., else a base64 content-file object)
//   GET /_admin/repos (the served figures, for comparison with the store).
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { buildClientSchema, parse, validate, execute, getNamedType, isObjectType, isInterfaceType, Kind } = require('graphql');

const NM = path.join(__dirname, 'node_modules');
const openapi = JSON.parse(fs.readFileSync(path.join(NM, '@octokit/openapi/generated/api.github.com.json'), 'utf8'));
const schema = buildClientSchema(JSON.parse(fs.readFileSync(path.join(NM, '@octokit/graphql-schema/schema.json'), 'utf8')));

// ---- REST paths from the OpenAPI description --------------------------------
const routes = Object.keys(openapi.paths).map((p) => ({
  p, re: new RegExp('^' + p.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+') + '$'),
}));
// Not yet in the published description (announced 2026): documented in docs/github.md.
// /repositories/:id is where GitHub's 301 for a renamed repo points; the
// description lists no such path although api.github.com serves it.
const EXTRA_PATHS = [/^\/repos\/[^/]+\/[^/]+\/stargazers\/history$/, /^\/repositories\/\d+(\/.*)?$/];
function inSpec(p) { return routes.some((r) => r.re.test(p)) || EXTRA_PATHS.some((re) => re.test(p)); }
function example(name) { return JSON.parse(JSON.stringify(openapi.components.examples[name].value)); }
const TPL_FULL = example('full-repository-default-response');
const TPL_SEARCH = example('repo-search-result-item-paginated').items[0];
const TPL_README = example('content-file');
const TPL_CONTRIB = example('contributor-items-response-if-repository-contains-content')[0];

// ---- synthetic repos ---------------------------------------------------------
const N = parseInt(process.env.FAKE_REPOS || '2000', 10);
const CLUMP = parseInt(process.env.FAKE_CLUMP || '0', 10);
const LOCATIONS = ['San Francisco, CA', 'Beijing, China', 'Berlin', 'Remote', null, '東京', 'London, UK',
  'Bangalore, India', 'Paris, France', 'the internet'];
const LANGS = ['Python', 'TypeScript', 'C++', 'Rust', null];
const LICENSES = ['MIT', 'Apache-2.0', null, 'GPL-3.0'];
const DAY = 86400000;
const BASE_CREATED = Date.UTC(2015, 0, 1);
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const nodeId = (kind, id) => Buffer.from(`0${kind === 'Repository' ? '10' : '04'}:${kind}${id}`).toString('base64');

const repos = [];
function makeRepo(i) {
  const gptBucket = i < Math.floor(N * 0.08); // > 1,000 "gpt" repos at exactly 500 stars when N = 20,000
  const kwi = gptBucket ? 0 : i % 3;
  const plain = !gptBucket && i % 10 === 9;
  const desc = plain ? `A plain database ${i}` : ['A gpt toolkit', 'An llm framework', 'Generative AI app'][kwi] + ` number ${i}`;
  let stars = gptBucket ? 500 : 500 + Math.floor(3000000 / (i + 1));
  if (!gptBucket && i % 13 === 0) stars = 100 + (i % 400); // below the floor
  const ownerIdx = i % 997;
  return {
    i, id: 100000 + i, node_id: nodeId('Repository', 100000 + i),
    owner: `org${ownerIdx}`, owner_type: ownerIdx % 2 === 0 ? 'Organization' : 'User', owner_id: 5000 + ownerIdx,
    location: LOCATIONS[ownerIdx % LOCATIONS.length],
    name: `repo-${i}`, description: desc,
    topics: plain ? ['database'] : ['ai', ['gpt', 'llm', 'generative-ai'][kwi]],
    stars, forks: Math.floor(stars / 10) + (i % 7), issues: i % 50, watchers: 5 + (i % 30),
    created: iso(BASE_CREATED + ((i * 7919) % 3500) * DAY + (i % 86400) * 1000),
    pushed: iso(Date.UTC(2024, 9, 1) + (i % 30) * DAY),
    fork: i % 50 === 7, archived: i % 40 === 3,
    language: LANGS[i % LANGS.length], license: LICENSES[i % LICENSES.length],
    releases: Array.from({ length: i % 5 }, (_, r) => Array.from({ length: (i % 3) + 1 }, (_, a) => (i * 31 + r * 7 + a) % 1000)),
    contributors: 1 + (i % 250),
    history: 'none', // star-history mode for backfill tests
    deleted: false,
  };
}
// FAKE_REPOS_CSV=file: serve the repos of a curated-list CSV (repo, stars,
// forks columns) instead of synthetic names, each with (i % 7) more stars.
function parseCsv(text) { // RFC 4180: quoted fields, doubled quotes, newlines inside quotes
  const rows = []; let row = []; let f = ''; let q = false;
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (q) { if (c === '"') { if (text[k + 1] === '"') { f += '"'; k++; } else q = false; } else f += c; continue; }
    if (c === '"') q = true;
    else if (c === ',') { row.push(f); f = ''; }
    else if (c === '\n') { row.push(f.replace(/\r$/, '')); rows.push(row); row = []; f = ''; }
    else f += c;
  }
  if (f || row.length) { row.push(f); rows.push(row); }
  return rows;
}
if (process.env.FAKE_REPOS_CSV) {
  const rows = parseCsv(fs.readFileSync(process.env.FAKE_REPOS_CSV, 'utf8').replace(/^\uFEFF/, ''));
  const h = rows.shift();
  const col = (n) => h.indexOf(n);
  rows.filter((r) => r.length >= h.length && r[0].includes('/')).forEach((r, i) => {
    const x = makeRepo(i);
    [x.owner, x.name] = r[col('repo')].split('/');
    x.description = r[col('description')];
    x.stars = parseInt(r[col('stars')], 10) + (i % 7);
    x.forks = parseInt(r[col('forks')], 10) || 0;
    repos.push(x);
  });
} else {
  for (let i = 0; i < N; i++) repos.push(makeRepo(i));
}
for (let k = 0; k < CLUMP; k++) {
  const r = makeRepo(N + k);
  Object.assign(r, { description: `An llm clump ${k}`, topics: ['llm'], stars: 4242, fork: false,
    created: iso(Date.UTC(2023, 4, 5, 12)) });
  repos.push(r);
}
const byNode = new Map(repos.map((r) => [r.node_id, r]));
const byId = new Map(repos.map((r) => [r.id, r]));
let byName = new Map();
const aliases = new Map(); // old lower-case name -> repo
function reindex() { byName = new Map(repos.filter((r) => !r.deleted).map((r) => [`${r.owner}/${r.name}`.toLowerCase(), r])); }
reindex();
function findRepo(full) {
  const r = byName.get(full.toLowerCase()) || aliases.get(full.toLowerCase());
  return r && !r.deleted ? r : null;
}
function words(r) { return new Set(`${r.name} ${r.description} ${r.topics.join(' ')}`.toLowerCase().split(/[^a-z0-9]+/)); }

// ---- accounting --------------------------------------------------------------
const LIMITS = { core: +(process.env.FAKE_REST_LIMIT || 5000), graphql: +(process.env.FAKE_GRAPHQL_LIMIT || 5000),
  search: +(process.env.FAKE_SEARCH_LIMIT || 1000000) };
const rl = {};
// GitHub's windows: an hour for core and graphql, a minute for search (FAKE_SEARCH_WINDOW to shorten it)
const WINDOW = { core: 3600, graphql: 3600, search: +(process.env.FAKE_SEARCH_WINDOW || 60) };
function resetRl(res, inSec) { rl[res] = { used: 0, reset: Math.floor(Date.now() / 1000) + (inSec || WINDOW[res]), forcedZero: false }; }
for (const k of Object.keys(LIMITS)) resetRl(k);
function bucket(res) {
  const b = rl[res];
  if (Date.now() / 1000 >= b.reset) resetRl(res);
  return rl[res];
}
function remaining(res) { const b = bucket(res); return b.forcedZero ? 0 : Math.max(0, LIMITS[res] - b.used); }
let stats;
function resetStats() {
  stats = { requests: 0, rest: 0, graphql: 0, search: 0, not_modified: 0, graphql_points: 0, errors_injected: 0,
    unauthorized: 0, by_route: {}, graphql_nodes: 0, limited: 0 };
}
resetStats();
let faults = [];

// ---- helpers -----------------------------------------------------------------
const TOKEN = process.env.FAKE_TOKEN || '';
function send(res, status, body, headers = {}, raw) {
  const text = raw !== undefined ? raw : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text),
    'x-github-api-version-selected': '2022-11-28', ...headers });
  res.end(text);
}
function rlHeaders(resName) {
  const b = bucket(resName);
  return { 'x-ratelimit-limit': String(LIMITS[resName]), 'x-ratelimit-remaining': String(remaining(resName)),
    'x-ratelimit-used': String(b.used), 'x-ratelimit-reset': String(b.reset), 'x-ratelimit-resource': resName };
}
function takeFault(p) {
  const f = faults.find((x) => x.count > 0 && (!x.match || p.includes(x.match)));
  if (!f) return null;
  f.count--;
  stats.errors_injected++;
  return f;
}
function ownerRest(r) {
  return { ...TPL_SEARCH.owner, login: r.owner, id: r.owner_id, node_id: nodeId(r.owner_type, r.owner_id),
    type: r.owner_type, url: `https://api.github.com/users/${r.owner}`, html_url: `https://github.com/${r.owner}` };
}
function restRepo(r, tpl) {
  const full = `${r.owner}/${r.name}`;
  const o = { ...tpl, id: r.id, node_id: r.node_id, name: r.name, full_name: full, owner: ownerRest(r),
    html_url: `https://github.com/${full}`, url: `https://api.github.com/repos/${full}`, description: r.description,
    fork: r.fork, created_at: r.created, pushed_at: r.pushed, updated_at: r.pushed, stargazers_count: r.stars,
    watchers_count: r.stars, forks_count: r.forks, forks: r.forks, open_issues_count: r.issues, open_issues: r.issues,
    watchers: r.stars, language: r.language, archived: r.archived, topics: r.topics,
    license: r.license ? { key: r.license.toLowerCase(), name: r.license, spdx_id: r.license, url: null, node_id: 'MDc6TGljZW5zZTA=' } : null };
  if ('subscribers_count' in tpl) o.subscribers_count = r.watchers;
  delete o.parent; delete o.source; delete o.organization; delete o.template_repository;
  return o;
}
function pageLinks(base, page, last, perPage) {
  const u = (p) => `<${base}${base.includes('?') ? '&' : '?'}per_page=${perPage}&page=${p}>`;
  const l = [];
  if (page < last) l.push(`${u(page + 1)}; rel="next"`, `${u(last)}; rel="last"`);
  if (page > 1) l.push(`${u(1)}; rel="first"`, `${u(page - 1)}; rel="prev"`);
  return l.join(', ');
}

// ---- search ------------------------------------------------------------------
function parseSearch(q) {
  const terms = []; const quals = {};
  for (const tok of q.split(/\s+/).filter(Boolean)) {
    const m = /^([a-z]+):(.*)$/.exec(tok);
    if (m) quals[m[1]] = m[2]; else terms.push(tok.toLowerCase());
  }
  return { terms, quals };
}
function rangeTest(spec, v, parseV) {
  if (spec === undefined) return true;
  let m;
  if ((m = /^>=(.+)$/.exec(spec))) return v >= parseV(m[1]);
  if ((m = /^>(.+)$/.exec(spec))) return v > parseV(m[1]);
  if ((m = /^<=(.+)$/.exec(spec))) return v <= parseV(m[1]);
  if ((m = /^<(.+)$/.exec(spec))) return v < parseV(m[1]);
  if ((m = /^(.+)\.\.(.+)$/.exec(spec))) {
    const lo = m[1] === '*' ? -Infinity : parseV(m[1]);
    const hi = m[2] === '*' ? Infinity : parseV(m[2], true);
    return v >= lo && v <= hi;
  }
  return v === parseV(spec) || (parseV === parseDate && v >= parseDate(spec) && v <= parseDate(spec, true));
}
function parseDate(s, end) { const t = Date.parse(s.length === 10 ? s + 'T00:00:00Z' : s); return end && s.length === 10 ? t + DAY - 1 : t; }
function search(q) {
  const { terms, quals } = parseSearch(q);
  const forkMode = quals.fork || 'false';
  const out = [];
  for (const r of repos) {
    if (r.deleted) continue;
    if (forkMode === 'false' && r.fork) continue;
    if (forkMode === 'only' && !r.fork) continue;
    if (!rangeTest(quals.stars, r.stars, Number)) continue;
    if (!rangeTest(quals.created, Date.parse(r.created), parseDate)) continue;
    const w = words(r);
    if (!terms.every((t) => t.split(/[^a-z0-9]+/).filter(Boolean).every((x) => w.has(x)))) continue;
    out.push(r);
  }
  out.sort((a, b) => b.stars - a.stars || a.id - b.id);
  return out;
}

// ---- GraphQL cost (GitHub's documented formula) --------------------------------
function argVal(node, vars) {
  if (!node) return undefined;
  if (node.kind === Kind.VARIABLE) return vars[node.name.value];
  if (node.kind === Kind.INT) return parseInt(node.value, 10);
  if (node.kind === Kind.LIST) return node.values.map((v) => argVal(v, vars));
  if (node.kind === Kind.STRING) return node.value;
  return undefined;
}
function gqlCost(doc, vars) {
  const frags = {};
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) frags[d.name.value] = d;
  let requests = 0;
  let nodesCount = 0;
  function walk(sel, type, mult) {
    for (const s of sel.selections) {
      if (s.kind === Kind.INLINE_FRAGMENT) { walk(s.selectionSet, s.typeCondition ? schema.getType(s.typeCondition.name.value) : type, mult); continue; }
      if (s.kind === Kind.FRAGMENT_SPREAD) { const f = frags[s.name.value]; walk(f.selectionSet, schema.getType(f.typeCondition.name.value), mult); continue; }
      if (!(isObjectType(type) || isInterfaceType(type))) continue;
      const def = type.getFields()[s.name.value];
      if (!def || !s.selectionSet) continue;
      const rt = getNamedType(def.type);
      const args = {};
      for (const a of s.arguments || []) args[a.name.value] = argVal(a.value, vars);
      let child = mult;
      if (rt.name.endsWith('Connection')) {
        requests += mult;
        child = mult * (args.first || args.last || 1);
        nodesCount += child;
      } else if (s.name.value === 'nodes' && Array.isArray(args.ids)) {
        child = mult * args.ids.length;
      }
      walk(s.selectionSet, rt, child);
    }
  }
  for (const d of doc.definitions) if (d.kind === Kind.OPERATION_DEFINITION) walk(d.selectionSet, schema.getQueryType(), 1);
  return { cost: Math.max(1, Math.round(requests / 100)), nodes: nodesCount };
}

function gqlRepo(r) {
  return {
    __typename: 'Repository', id: r.node_id, databaseId: r.id, name: r.name, nameWithOwner: `${r.owner}/${r.name}`,
    description: r.description, createdAt: r.created, pushedAt: r.pushed, isArchived: r.archived, isFork: r.fork,
    stargazerCount: r.stars, forkCount: r.forks, url: `https://github.com/${r.owner}/${r.name}`,
    watchers: () => ({ totalCount: r.watchers }),
    issues: () => ({ totalCount: r.issues }),
    primaryLanguage: r.language ? { name: r.language } : null,
    licenseInfo: r.license ? { spdxId: r.license, key: r.license.toLowerCase(), name: r.license } : null,
    repositoryTopics: (a) => ({ totalCount: r.topics.length, nodes: r.topics.slice(0, a.first || 0).map((t) => ({ topic: { name: t } })) }),
    owner: { __typename: r.owner_type, login: r.owner, id: nodeId(r.owner_type, r.owner_id), location: r.location },
    releases: (a) => {
      const list = r.releases.slice(0, a.first || 0);
      return { totalCount: r.releases.length, nodes: list.map((assets) => ({
        releaseAssets: (b) => ({ totalCount: assets.length, nodes: assets.slice(0, b.first || 0).map((d) => ({ downloadCount: d })) }) })) };
    },
  };
}

function graphqlHandler(req, res, body, f) {
  let payload;
  try { payload = JSON.parse(body); } catch (e) { return send(res, 400, { message: 'Problems parsing JSON' }); }
  const hdr = () => rlHeaders('graphql');
  let doc;
  try { doc = parse(payload.query || ''); } catch (e) {
    return send(res, 200, { errors: [{ message: e.message, locations: e.locations }] }, hdr());
  }
  const verrs = validate(schema, doc);
  if (verrs.length) return send(res, 200, { errors: verrs.map((e) => ({ message: e.message, locations: e.locations })) }, hdr());
  const vars = payload.variables || {};
  const { cost, nodes } = gqlCost(doc, vars);
  if (nodes > 500000) return send(res, 200, { errors: [{ type: 'MAX_NODE_LIMIT_EXCEEDED', message: 'This query requests too many nodes.' }] }, hdr());
  if ((f && f.kind === 'ratelimit') || remaining('graphql') < cost) {
    if (f && f.kind === 'ratelimit') { const b = bucket('graphql'); b.forcedZero = true; b.reset = Math.floor(Date.now() / 1000) + (f.reset_in || 2); }
    stats.limited++;
    return send(res, 200, { errors: [{ type: 'RATE_LIMITED', code: 'graphql_rate_limit', message: 'API rate limit already exceeded for user ID 1.' }] }, hdr());
  }
  if (f && f.kind === 'gqltimeout') // GitHub's answer to a query that ran too long
    return send(res, 200, { data: null, errors: [{ message: 'Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug. Please include `ABCD:1234` when reporting this issue.' }] }, hdr());
  bucket('graphql').used += cost;
  stats.graphql_points += cost;
  const extraErrors = [];
  const root = {
    rateLimit: () => ({ cost, limit: LIMITS.graphql, remaining: remaining('graphql'), used: bucket('graphql').used,
      resetAt: iso(bucket('graphql').reset * 1000), nodeCount: nodes }),
    nodes: ({ ids }, ctx, info) => {
      if (ids.length > 100) { extraErrors.push({ type: 'EXCESSIVE_PAGINATION', message: 'You may not query more than 100 ids' }); return null; }
      stats.graphql_nodes += ids.length;
      return ids.map((id, k) => {
        const r = byNode.get(id);
        if (r && !r.deleted) return gqlRepo(r);
        extraErrors.push({ type: 'NOT_FOUND', path: [info.path.key, k], message: `Could not resolve to a node with the global id of '${id}'` });
        return null;
      });
    },
    repository: ({ owner, name }, ctx, info) => {
      const full = `${owner}/${name}`;
      let r = findRepo(full);
      // FAKE_GQL_RENAMES=0: GraphQL does not follow renames (REST's 301 must be used)
      if (r && process.env.FAKE_GQL_RENAMES === '0' && `${r.owner}/${r.name}`.toLowerCase() !== full.toLowerCase()) r = null;
      if (r) { stats.graphql_nodes++; return gqlRepo(r); }
      extraErrors.push({ type: 'NOT_FOUND', path: [info.path.key], message: `Could not resolve to a Repository with the name '${owner}/${name}'.` });
      return null;
    },
  };
  const result = execute({ schema, document: doc, rootValue: root, variableValues: vars,
    typeResolver: (v) => v.__typename });
  const out = { data: result.data };
  const errs = (result.errors || []).map((e) => ({ message: e.message, path: e.path })).concat(extraErrors);
  if (errs.length) out.errors = errs;
  return reply(res, 200, out, hdr(), f);
}

// reply applies body-level faults (truncated, bad JSON, slow)
function reply(res, status, body, headers, f) {
  if (f && f.kind === 'incomplete' && body && 'incomplete_results' in body) body.incomplete_results = true;
  const text = JSON.stringify(body);
  if (f && f.kind === 'badjson') return send(res, 200, null, headers, '{"data": {"oops": ' + text.slice(0, 20));
  if (f && f.kind === 'truncated') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
    res.write(text.slice(0, Math.floor(text.length / 2)));
    setTimeout(() => res.socket && res.socket.destroy(), 20);
    return;
  }
  const etag = headers.etag || (status === 200 ? `W/"${crypto.createHash('sha1').update(text).digest('hex')}"` : null);
  send(res, status, null, etag ? { ...headers, etag } : headers, text);
}

// ---- REST ----------------------------------------------------------------------
function restHandler(req, res, u, f) {
  const p = u.pathname;
  const resName = p.startsWith('/search/') ? 'search' : 'core';
  stats.by_route[p.split('/').slice(0, 2).join('/')] = (stats.by_route[p.split('/').slice(0, 2).join('/')] || 0) + 1;
  if (f && f.kind === 'ratelimit') { const b = bucket(resName); b.forcedZero = true; b.reset = Math.floor(Date.now() / 1000) + (f.reset_in || 2); }
  if (remaining(resName) <= 0) {
    stats.limited++;
    return send(res, 403, { message: `API rate limit exceeded for user ID 1.`, documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting' }, rlHeaders(resName));
  }
  const ans = route(p, u, req);
  if (!ans) return send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }, rlHeaders(resName));
  if (ans.redirect) return send(res, 301, { message: 'Moved Permanently', url: ans.redirect }, { location: ans.redirect, ...rlHeaders(resName) });
  const text = ans.raw !== undefined ? ans.raw : JSON.stringify(ans.body);
  const etag = `W/"${crypto.createHash('sha1').update(text + (ans.link || '')).digest('hex')}"`;
  if (req.headers['if-none-match'] === etag && !f) {
    stats.not_modified++;
    return send(res, 304, null, { etag, ...rlHeaders(resName) }, ''); // costs no rate limit
  }
  bucket(resName).used++;
  const h = { ...rlHeaders(resName), etag };
  if (ans.link) h.link = ans.link;
  if (ans.status === 204) { res.writeHead(204, h); return res.end(); }
  if (ans.status && ans.status !== 200) return send(res, ans.status, ans.body, h);
  if (ans.raw !== undefined) return send(res, 200, null, { ...h, 'content-type': 'application/vnd.github.raw+json; charset=utf-8' }, ans.raw);
  reply(res, 200, ans.body, h, f);
}

function route(p, u, req) {
  const base = `http://${req.headers.host}`;
  const perPage = Math.min(100, parseInt(u.searchParams.get('per_page') || '30', 10) || 30);
  const page = Math.max(1, parseInt(u.searchParams.get('page') || '1', 10) || 1);
  let m;
  if (p === '/search/repositories') {
    const q = u.searchParams.get('q') || '';
    const all = search(q);
    if ((page - 1) * perPage >= 1000) return { status: 422, body: { message: 'Only the first 1000 search results are available', documentation_url: 'https://docs.github.com/v3/search/' } };
    const items = all.slice((page - 1) * perPage, Math.min(page * perPage, 1000)).map((r) => ({ ...restRepo(r, TPL_SEARCH), score: 1 }));
    const last = Math.max(1, Math.ceil(Math.min(all.length, 1000) / perPage));
    const qs = `${base}/search/repositories?q=${encodeURIComponent(q)}&sort=stars&order=desc`;
    return { body: { total_count: all.length, incomplete_results: false, items }, link: pageLinks(qs, page, last, perPage) };
  }
  if (p === '/rate_limit') {
    const r = (k) => ({ limit: LIMITS[k], remaining: remaining(k), reset: bucket(k).reset, used: bucket(k).used });
    return { body: { resources: { core: r('core'), search: r('search'), graphql: r('graphql') }, rate: r('core') } };
  }
  if ((m = /^\/repositories\/(\d+)$/.exec(p))) {
    const r = byId.get(+m[1]);
    return r && !r.deleted ? { body: restRepo(r, TPL_FULL) } : null;
  }
  if (!(m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(p))) return null;
  const full = `${m[1]}/${m[2]}`;
  const r = findRepo(full);
  if (!r) return null;
  if (`${r.owner}/${r.name}`.toLowerCase() !== full.toLowerCase()) {
    // renamed: GitHub answers 301 to the canonical /repositories/:id URL
    return { redirect: `${base}/repositories/${r.id}${m[3] || ''}${u.search}` };
  }
  const rest = m[3] || '';
  if (rest === '') return { body: restRepo(r, TPL_FULL) };
  if (rest === '/contributors') {
    const n = r.contributors;
    const last = Math.max(1, Math.ceil(n / perPage));
    const from = (page - 1) * perPage;
    const items = [];
    for (let k = from; k < Math.min(n, page * perPage); k++)
      items.push({ ...TPL_CONTRIB, login: `dev${(r.i + k) % 5000}`, id: 700000 + ((r.i + k) % 5000), contributions: n - k + 10 });
    if (n === 0) return { status: 204 };
    return { body: items, link: pageLinks(`${base}/repos/${full}/contributors?anon=0`, page, last, perPage) };
  }
  if (rest === '/readme') {
    const text = readmeOf(r);
    if (text === null) return null; // 404: the repo has no README
    // FAKE_README_JSON=1: answer as an older GitHub Enterprise would, with a
    // base64 content-file object whatever the media type asked for
    if ((req.headers.accept || '').includes('raw') && process.env.FAKE_README_JSON !== '1') return { raw: text };
    const b64 = Buffer.from(text, 'utf8').toString('base64').replace(/(.{60})/g, '$1\n'); // GitHub wraps at 60
    return { body: { ...TPL_README, name: 'README.md', path: 'README.md', size: Buffer.byteLength(text),
      content: b64, encoding: 'base64' } };
  }
  if (rest === '/stargazers/history') {
    if (r.history !== 'history') return null;
    // weekly buckets (week start, unix seconds, Sunday) with 7 daily counts
    const weeks = [];
    const start = Date.UTC(2024, 0, 7) / 1000;
    for (let w = 0; w < 4; w++) weeks.push({ week: start + w * 7 * 86400, days: [0, 1, 2, 3, 4, 5, 6].map((d) => (r.i + w * 7 + d) % 5), total: 0 });
    for (const w of weeks) w.total = w.days.reduce((a, b) => a + b, 0);
    return { body: weeks };
  }
  if (rest === '/stargazers') {
    if (r.history !== 'stargazers') return { status: 403, body: { message: 'Must have admin rights to Repository.' } };
    const n = r.stars;
    const last = Math.max(1, Math.ceil(n / perPage));
    const items = [];
    for (let k = (page - 1) * perPage; k < Math.min(n, page * perPage); k++)
      items.push({ starred_at: iso(Date.UTC(2023, 0, 1) + k * 3600000), user: { login: `fan${k}`, id: k + 1 } });
    return { body: items, link: pageLinks(`${base}/repos/${full}/stargazers`, page, last, perPage) };
  }
  return null;
}

// README of a repo: set through /_admin/readme, else synthetic: none for
// every 11th repo, ~120 KB (beyond the client's budget) for every 97th.
function readmeOf(r) {
  if (r.readme !== undefined) return r.readme;
  if (r.i % 11 === 5) return null;
  const head = `# ${r.name}\n\n${r.description}\n\n## Install\n\npip install ${r.name}\n`;
  return r.i % 97 === 1 ? head + 'Lorem ipsum dolor sit amet. '.repeat(4400) : head;
}

// ---- admin -----------------------------------------------------------------------
function admin(req, res, u, body) {
  const j = body ? JSON.parse(body) : {};
  const p = u.pathname;
  if (p === '/_admin/stats') return send(res, 200, { ...stats, remaining: { core: remaining('core'), graphql: remaining('graphql'), search: remaining('search') } });
  if (p === '/_admin/reset-stats') { resetStats(); return send(res, 200, { ok: true }); }
  if (p === '/_admin/fault') { faults.push({ count: 1, ...j }); return send(res, 200, { ok: true, faults }); }
  if (p === '/_admin/clear-faults') { faults = []; for (const k of Object.keys(LIMITS)) resetRl(k); return send(res, 200, { ok: true }); }
  if (p === '/_admin/rename') {
    const r = findRepo(j.from);
    if (!r) return send(res, 404, { message: 'no such repo' });
    aliases.set(j.from.toLowerCase(), r);
    [r.owner, r.name] = j.to.split('/');
    reindex();
    return send(res, 200, { ok: true });
  }
  if (p === '/_admin/delete') { const r = findRepo(j.repo); if (r) r.deleted = true; reindex(); return send(res, r ? 200 : 404, { ok: !!r }); }
  if (p === '/_admin/tick') { for (const r of repos) r.stars += (r.i % 7) * (j.stars || 1); return send(res, 200, { ok: true }); }
  if (p === '/_admin/readme') { // {repo, text}: text null = no README
    const r = findRepo(j.repo);
    if (!r) return send(res, 404, { message: 'no such repo' });
    r.readme = j.text;
    return send(res, 200, { ok: true });
  }
  if (p === '/_admin/history') {
    const r = findRepo(j.repo);
    if (!r) return send(res, 404, { message: 'no such repo' });
    r.history = j.mode; if (j.stars) r.stars = j.stars;
    return send(res, 200, { ok: true });
  }
  if (p === '/_admin/repos') {
    return send(res, 200, repos.map((r) => ({ id: r.id, full_name: `${r.owner}/${r.name}`, stars: r.stars, forks: r.forks,
      issues: r.issues, watchers: r.watchers, deleted: r.deleted, fork: r.fork, archived: r.archived, location: r.location,
      owner_type: r.owner_type, language: r.language, license: r.license, topics: r.topics.join(','),
      downloads: r.releases.slice(0, 3).reduce((a, rel) => a + rel.slice(0, 20).reduce((x, y) => x + y, 0), 0),
      contributors: r.contributors, top3: [0, 1, 2].filter((k) => k < r.contributors).map((k) => `dev${(r.i + k) % 5000}`).join(','),
      created: r.created })));
  }
  return send(res, 404, { message: 'unknown admin path' });
}

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; if (body.length > 10e6) req.destroy(); });
  req.on('end', () => {
    const u = new URL(req.url, 'http://localhost');
    try {
      if (u.pathname.startsWith('/_admin/')) return admin(req, res, u, body);
      stats.requests++;
      if (TOKEN) {
        const a = req.headers.authorization || '';
        if (a !== `Bearer ${TOKEN}` && a !== `token ${TOKEN}`) {
          stats.unauthorized++;
          return send(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
        }
      }
      const isGql = req.method === 'POST' && u.pathname === '/graphql';
      if (isGql) stats.graphql++; else if (u.pathname.startsWith('/search/')) stats.search++; else stats.rest++;
      if (!isGql && (req.method !== 'GET' || !inSpec(u.pathname)))
        return send(res, 404, { message: `Not Found (fake: ${req.method} ${u.pathname} is not in GitHub's OpenAPI description)` });
      const f = takeFault(u.pathname);
      const go = () => {
        if (f && (f.kind === '500' || f.kind === '502'))
          return send(res, +f.kind, null, {}, f.kind === '502' ? '<html><body>502 Bad Gateway</body></html>' : '{"message":"Server Error"}');
        if (f && f.kind === 'secondary')
          return send(res, 403, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
            { 'retry-after': String(f.retry_after ?? 1) });
        if (isGql) return graphqlHandler(req, res, body, f);
        return restHandler(req, res, u, f);
      };
      if (f && f.kind === 'slow') setTimeout(go, f.delay_ms || 3000); else go();
    } catch (e) {
      send(res, 500, { message: `fake server error: ${e.message}` });
    }
  });
});
server.keepAliveTimeout = 30000;
server.listen(parseInt(process.env.FAKE_PORT || '0', 10), '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => process.exit(0));
