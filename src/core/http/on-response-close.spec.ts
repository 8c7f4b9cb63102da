import type { Response } from 'express';
import { EventEmitter } from 'node:events';
import { onResponseClose } from './on-response-close';

describe(onResponseClose.name, () => {
  it('calls every hook once, in order, through one close listener', () => {
    const res = new EventEmitter();
    const seen: string[] = [];
    onResponseClose(res as unknown as Response, () => seen.push('drain'));
    onResponseClose(res as unknown as Response, () => seen.push('log'));
    onResponseClose(res as unknown as Response, () => seen.push('metrics'));
    expect(res.listenerCount('close')).toBe(1);
    res.emit('close');
    res.emit('close');
    expect(seen).toEqual(['drain', 'log', 'metrics']);
  });
});
