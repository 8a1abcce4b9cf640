// Renderer tests run the real App over the real bridge and SQLite; on a busy 2-core CI machine a
// screen's first data can take longer than Testing Library's 1 s default to arrive. findBy*/waitFor
// wait up to 5 s here — a real failure still fails, only later.
import { configure } from '@testing-library/react';

configure({ asyncUtilTimeout: 5_000 });
