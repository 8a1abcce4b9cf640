// better-sqlite3 for the background integrity check's worker in tests (its sqliteModule): opening
// a connection first waits 400 ms — standing in for the moments the worker spends loading the
// native module, inside which a terminated thread aborts the whole process — and closing it
// appends "closed" to the file named by TC_SLOW_OPEN_MARK, so a test sees whether the worker
// ended by itself (its connection closed) or was terminated. Everything else is real.
'use strict';
const fs = require('node:fs');
const Database = require('better-sqlite3');

class SlowOpenDatabase extends Database {
  constructor(file, options) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400);
    super(file, options);
  }

  close() {
    const r = super.close();
    if (process.env.TC_SLOW_OPEN_MARK) fs.appendFileSync(process.env.TC_SLOW_OPEN_MARK, 'closed\n');
    return r;
  }
}

module.exports = SlowOpenDatabase;
