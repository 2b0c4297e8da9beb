/**
 * @module tests/navigation-watch.test
 * The walker's wait for "the navigation my submit caused" (fixtures/pages/navigation.ts): it
 * ends on the browser's `framenavigated` event itself, never on a polling tick, and still stops
 * with an `UnexpectedScreenError` naming the screen when the screen's budget runs out.
 */
import { EventEmitter } from 'node:events';
import { expect, test, type Page } from '@playwright/test';
import { NavigationWatch } from '../fixtures/pages/navigation.ts';
import { screenClockOf } from '../fixtures/pages/screen-clock.ts';
import { UnexpectedScreenError } from '../fixtures/pages/unexpected-screen-error.ts';

/** Just what the watch and the screen clock use of a Playwright page. */
class FakePage extends EventEmitter {
  private readonly frame = { url: () => this.current };
  private current = 'https://tenant.example/u/login?state=abc';
  loadStateWaits = 0;

  mainFrame() {
    return this.frame;
  }
  url() {
    return this.current;
  }
  waitForLoadState(): Promise<void> {
    this.loadStateWaits += 1;
    return Promise.resolve();
  }
  evaluate(): Promise<string> {
    return Promise.resolve('Welcome');
  }
  /** The main frame commits a new document. */
  navigate(url: string): void {
    this.current = url;
    this.emit('framenavigated', this.frame);
  }
}

/** Resolves after everything already queued, including every pending promise continuation. */
const nextTimerTick = () => new Promise<'timer'>((r) => setTimeout(() => r('timer'), 0));

test.describe('NavigationWatch.waitBeyond', () => {
  test('should end on the navigation event itself, before any timer tick', async () => {
    const page = new FakePage();
    const watch = new NavigationWatch(page as unknown as Page);
    const waited = watch.waitBeyond(watch.count).then(() => 'navigation' as const);
    page.navigate('https://tenant.example/u/mfa-detect-browser-capabilities?state=abc');
    expect(await Promise.race([waited, nextTimerTick()])).toBe('navigation');
    expect(page.loadStateWaits).toBe(1);
  });

  test('should end at once for a navigation that already happened, and wake every waiter', async () => {
    const page = new FakePage();
    const watch = new NavigationWatch(page as unknown as Page);
    page.navigate('https://tenant.example/u/one');
    await watch.waitBeyond(0);
    const second = watch.waitBeyond(1).then(() => 'second' as const);
    const alsoSecond = watch.waitBeyond(1).then(() => 'also' as const);
    const third = watch.waitBeyond(2).then(() => 'third' as const);
    page.navigate('https://tenant.example/u/two');
    expect(await Promise.all([second, alsoSecond])).toEqual(['second', 'also']);
    expect(await Promise.race([third, nextTimerTick()])).toBe('timer');
    page.navigate('https://tenant.example/u/three');
    expect(await third).toBe('third');
    expect(watch.history).toHaveLength(3);
  });

  test('should stop with a screen-timeout naming the screen when no navigation comes', async () => {
    const page = new FakePage();
    const watch = new NavigationWatch(page as unknown as Page);
    screenClockOf(page as unknown as Page).start('login 2', '/u/login', undefined, 100);
    const err = await watch.waitBeyond(0).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnexpectedScreenError);
    expect((err as UnexpectedScreenError).code).toBe('screen-timeout');
    expect((err as Error).message).toContain('/u/login');
    expect((err as Error).message).toContain('a navigation to the next screen');
  });
});
