import { IntervalSweep, WorkerSweeper } from './interval-sweep';

describe('IntervalSweep', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs on each interval, never two runs at once, and stops after the run in flight', async () => {
    const finishers: Array<() => void> = [];
    const sweep = new IntervalSweep(1000, () => new Promise<void>((done) => finishers.push(done)));
    sweep.start();

    jest.advanceTimersByTime(1000);
    expect(finishers).toHaveLength(1);
    // The first run has not finished: the next ticks are skipped.
    jest.advanceTimersByTime(2000);
    expect(finishers).toHaveLength(1);

    finishers[0]();
    await Promise.resolve();
    await Promise.resolve();
    jest.advanceTimersByTime(1000);
    expect(finishers).toHaveLength(2);

    let stopped = false;
    const stopping = sweep.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    finishers[1]();
    await stopping;
    jest.advanceTimersByTime(5000);
    expect(finishers).toHaveLength(2);
  });

  it('goes on after a failed run', async () => {
    let runs = 0;
    const sweep = new IntervalSweep(100, () => (++runs === 1 ? Promise.reject(new Error('down')) : Promise.resolve()));
    await expect(sweep.tick()).rejects.toThrow('down');
    await sweep.tick();
    expect(runs).toBe(2);
  });
});

describe('WorkerSweeper', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  class Counting extends WorkerSweeper {
    runs = 0;
    constructor() {
      super(1000);
    }
    protected sweepOnce(): Promise<void> {
      this.runs++;
      return Promise.resolve();
    }
  }

  it('sweeps from bootstrap until shutdown begins', async () => {
    const sweeper = new Counting();
    jest.advanceTimersByTime(3000);
    expect(sweeper.runs).toBe(0);
    sweeper.onApplicationBootstrap();
    jest.advanceTimersByTime(1000);
    await Promise.resolve();
    jest.advanceTimersByTime(1000);
    expect(sweeper.runs).toBe(2);
    await sweeper.beforeApplicationShutdown();
    jest.advanceTimersByTime(5000);
    expect(sweeper.runs).toBe(2);
  });
});
