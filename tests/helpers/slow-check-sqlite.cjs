// better-sqlite3 for the background integrity check's worker in tests (boot's sqliteModule):
// every quick_check first waits 250 ms, so a test can quit while the check still holds its
// connection open, as it does for a minute on a city-sized ledger. Everything else is real.
'use strict';
const Database = require('better-sqlite3');

class SlowCheckDatabase extends Database {
  pragma(source, options) {
    if (/^quick_check/i.test(source)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    return super.pragma(source, options);
  }
}

module.exports = SlowCheckDatabase;
