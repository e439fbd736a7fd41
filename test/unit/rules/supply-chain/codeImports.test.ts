import * as assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import { describe, it } from 'node:test';
import { NODE_BUILTIN_MODULES } from '../../../../server/src/core/knowledge/runtimeModules.js';
import { javaScriptPackages, pythonPackages } from '../../../../server/src/core/rules/supply-chain/codeImports.js';

describe('javaScriptPackages', () => {
  const cases: [string, string, string[]][] = [
    ['require', "const _ = require('lodash');", ['lodash']],
    ['require with spaces and double quotes', 'const x = require ( "xlsx" );', ['xlsx']],
    ['a scoped package and a subpath', "const { SignPdf } = require('@signpdf/signpdf');\nconst fp = require('lodash/fp');", ['@signpdf/signpdf', 'lodash']],
    ['import … from, side-effect import, dynamic import, export … from', "import cheerio from 'cheerio';\nimport { a, b } from \"moment\";\nimport 'dotenv/config';\nconst m = await import('node-forge');\nexport * from 'uuid';", ['cheerio', 'moment', 'dotenv', 'node-forge', 'uuid']],
    ['a template literal without substitutions', 'const y = require(`yaml`);', ['yaml']],
    ['a require after a template with nested templates and quotes', "const html = `<ul>${items.map((i) => `<li>${i.json.name + \"'\"}</li>`).join('')}</ul>`;\nconst c = require('cheerio');", ['cheerio']],
    ['a require after a regular expression holding quotes and slashes', "const clean = s.replace(/['\"\\/]/g, '');\nconst q = x / 2 / 3;\nconst c = require('cheerio');", ['cheerio']],
    // corpus: "Query-1 Combined" read `Query 1` from a comment
    ['a module-like name in line and block comments', '// Access the JSON data from "Query 1" node\n/* require(\'lodash\') */\nreturn items;', []],
    // corpus: "Set input data" read `Search notion database` from a string
    ['a `from \'…\'` inside a string', "const tool = { \"description\": \"Notion page id from 'Search notion database' tool results\" };", []],
    // corpus: "Format Query Context" read ` + (e` between two strings
    ['a `from` between string concatenations', "ctx += '  - ' + (e.degree || '') + ' from ' + (e.institution || '');", []],
    ['a require in a template literal\'s text', "const doc = `call require('lodash') to load it`;", []],
    ['Node.js built-ins, node: modules and relative paths', "const fs = require('fs');\nconst p = require('fs/promises');\nconst c = require('node:crypto');\nconst t = require('node:test');\nconst local = require('./helpers');", []],
    ['a require that is a method or not a package name', "const r = this.require('lodash');\nconst s = require('Search notion database');\nconst u = require('https://example.com/x.js');", []],
    ['Array.from and an object key named from', "const a = Array.from('abc');\nconst o = { from: 'x' };", []],
  ];
  for (const [name, code, expected] of cases) {
    it(name, () => assert.deepEqual(javaScriptPackages(code), expected));
  }
});

describe('pythonPackages', () => {
  const cases: [string, string, { imports: string[]; installs: string[] }][] = [
    ['third-party imports, dotted and aliased', 'import numpy as np\nfrom sklearn.cluster import KMeans\nimport cv2, scipy.sparse as sp', { imports: ['numpy', 'sklearn', 'cv2', 'scipy'], installs: [] }],
    // corpus: "Save to Database" and "Get Recipes From DB" reported sqlite3
    ['the standard library', 'import sqlite3\nimport json, os.path\nfrom datetime import datetime\nfrom __future__ import annotations', { imports: [], installs: [] }],
    // corpus: "Extract Meta" listed asyncio next to its micropip installs
    [
      'micropip installs and what they bring, without asyncio and micropip',
      'import asyncio\nimport micropip\nasync def install_packages():\n await micropip.install("beautifulsoup4")\n await micropip.install(["simplejson==3.19", \'lxml\'])\nimport simplejson as json\nfrom bs4 import BeautifulSoup',
      { imports: ['simplejson', 'bs4'], installs: ['beautifulsoup4', 'simplejson', 'lxml'] },
    ],
    ['an import after a colon and a semicolon', 'try: import pandas\nexcept ImportError: pass\nx = 1; import requests', { imports: ['pandas', 'requests'], installs: [] }],
    ['imports in comments and strings', '# import numpy\ntext = "from pandas import DataFrame"\ndoc = """\nimport requests\n"""\nprint(f\'import {x}\')', { imports: [], installs: [] }],
    ['relative imports and raise … from', 'from . import helpers\nfrom .util import f\ntry:\n    pass\nexcept KeyError as err:\n    raise ValueError("x") from err', { imports: [], installs: [] }],
    ['`from` inside brackets spanning lines', 'rows = query(\n  "select"\n  , source\n)\nfrom requests import get', { imports: ['requests'], installs: [] }],
    ['an unclosed string stops at its line', "s = 'oops\nimport yaml", { imports: ['yaml'], installs: [] }],
  ];
  for (const [name, code, expected] of cases) {
    it(name, () => assert.deepEqual(pythonPackages(code), expected));
  }
});

describe('runtime modules', () => {
  it('knows every Node.js built-in that loads without the node: prefix', () => {
    const unprefixed = builtinModules.filter((m) => !m.startsWith('node:')).map((m) => m.split('/')[0]);
    assert.deepEqual(unprefixed.filter((m) => !NODE_BUILTIN_MODULES.has(m)), []);
  });

  it('reads 200 KB of code, ordinary or hostile, in linear time', () => {
    const kb200 = (unit: string) => unit.repeat(Math.ceil(200_000 / unit.length));
    const inputs = [kb200("const s = 'a' + `b${c}` + /d/.test(e); // f\n"), kb200('s = "a" + f\'b\' # c\nimport os\n'), kb200('/*'), kb200('/'), kb200('`${'), kb200("'"), kb200('"""'), kb200('import a, '), kb200('require(')];
    const started = performance.now();
    for (const code of inputs) {
      javaScriptPackages(code);
      pythonPackages(code);
    }
    // quadratic work on 200 KB would take tens of seconds; linear work takes milliseconds per input, even on a busy machine
    assert.ok(performance.now() - started < 5_000, `${Math.round(performance.now() - started)} ms`);
  });
});
