// Preloaded with --require into a process under test: any attempt to open a socket, resolve a name or make an
// HTTP request is refused and recorded in $NO_NETWORK_LOG, so a test can prove the product makes no network call.
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');
const http = require('node:http');
const https = require('node:https');

const log = process.env.NO_NETWORK_LOG;
function refuse(what) {
  const line = `${what} attempted\n${new Error().stack.split('\n').slice(2, 6).join('\n')}\n`;
  if (log) fs.appendFileSync(log, line);
  throw new Error(`network access refused in tests: ${what}`);
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = args[0];
  const isPipe = typeof first === 'string' || (first && typeof first === 'object' && typeof first.path === 'string');
  if (!isPipe) refuse('net.Socket.connect');
  return connect.apply(this, args);
};
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) dns[name] = () => refuse(`dns.${name}`);
dns.promises.lookup = () => refuse('dns.promises.lookup');
http.request = () => refuse('http.request');
http.get = () => refuse('http.get');
https.request = () => refuse('https.request');
https.get = () => refuse('https.get');
globalThis.fetch = () => refuse('fetch');
