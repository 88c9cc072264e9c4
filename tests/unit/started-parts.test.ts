import { describe, expect, it } from 'vitest';
import { StartedParts } from '../support/started-parts';

describe('StartedParts', () => {
  it('stops what started before a failed start, in reverse order', async () => {
    const stopped: string[] = [];
    const started = new StartedParts();
    const failingStart = async (): Promise<string> => {
      started.add('lab', () => stopped.push('lab'));
      started.add('browser', () => stopped.push('browser'));
      throw new Error('core failed to start');
    };
    try {
      await failingStart();
    } catch {
      await started.stopAll();
    }
    expect(stopped).toEqual(['browser', 'lab']);
  });

  it('tries every stop when one throws, then rethrows the first error', async () => {
    const stopped: string[] = [];
    const started = new StartedParts();
    started.add('lab', () => stopped.push('lab'));
    started.add('host', () => {
      throw new Error('host would not close');
    });
    started.add('browser', async () => {
      await Promise.resolve();
      throw new Error('browser would not close');
    });
    await expect(started.stopAll()).rejects.toThrow('browser would not close');
    expect(stopped).toEqual(['lab']);
  });

  it('stops each part once, however often stopAll is called', async () => {
    let stops = 0;
    const started = new StartedParts();
    started.add('lab', () => (stops += 1));
    await started.stopAll();
    await started.stopAll();
    expect(stops).toBe(1);
  });
});
