import { CHAT_STREAM_DONE, encodeChatStreamItem } from './encode-chat-chunk';

describe(encodeChatStreamItem.name, () => {
  it('writes one data line per item, chunk or error alike, and a [DONE] line', () => {
    const chunk = { id: 'c', object: 'chat.completion.chunk' as const, created: 1, model: 'm', choices: [] };
    expect(encodeChatStreamItem(chunk)).toBe(`data: ${JSON.stringify(chunk)}\n\n`);
    expect(encodeChatStreamItem({ error: { message: 'boom', type: 'upstream_error', code: null, param: null } })).toBe(
      'data: {"error":{"message":"boom","type":"upstream_error","code":null,"param":null}}\n\n',
    );
    expect(CHAT_STREAM_DONE).toBe('data: [DONE]\n\n');
  });
});
