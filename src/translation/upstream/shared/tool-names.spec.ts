import { createToolNameMap, GOOGLE_TOOL_NAMES, OPENAI_TOOL_NAMES, shortenToolName } from './tool-names';

const longMcp = 'mcp__github_enterprise_server__list_pull_request_review_comments_for_repository';

describe(shortenToolName.name, () => {
  it('keeps a name the API accepts', () => {
    expect(shortenToolName('get_weather', OPENAI_TOOL_NAMES)).toBe('get_weather');
    expect(shortenToolName('a'.repeat(64), OPENAI_TOOL_NAMES)).toBe('a'.repeat(64));
  });

  it('shortens a long name to the limit with a readable prefix and a hash, the same on every call', () => {
    const short = shortenToolName(longMcp, OPENAI_TOOL_NAMES);
    expect(short).toHaveLength(64);
    expect(short).toMatch(/^mcp__github_enterprise_server__list_pull_request_review_[0-9a-f]{8}$/);
    expect(shortenToolName(longMcp, OPENAI_TOOL_NAMES)).toBe(short);
  });

  it('gives names that differ only past the cut different short names', () => {
    expect(shortenToolName(`${longMcp}_a`, OPENAI_TOOL_NAMES)).not.toBe(shortenToolName(`${longMcp}_b`, OPENAI_TOOL_NAMES));
  });

  it("replaces characters and a first character outside Gemini's rules", () => {
    expect(shortenToolName('files.read', GOOGLE_TOOL_NAMES)).toMatch(/^files_read_[0-9a-f]{8}$/);
    expect(shortenToolName('1password', GOOGLE_TOOL_NAMES)).toMatch(/^t_1password_[0-9a-f]{8}$/);
    expect(shortenToolName('1password', OPENAI_TOOL_NAMES)).toBe('1password');
  });
});

describe(createToolNameMap.name, () => {
  it('maps both ways and passes unknown upstream names through', () => {
    const map = createToolNameMap([longMcp, 'get_weather'], OPENAI_TOOL_NAMES);
    const short = map.toUpstream(longMcp);
    expect(map.toClient(short)).toBe(longMcp);
    expect(map.toUpstream('get_weather')).toBe('get_weather');
    expect(map.toClient('made_up')).toBe('made_up');
  });

  it('never gives a shortened name that another tool already has', () => {
    const dotted = 'a.b';
    const taken = shortenToolName(dotted, OPENAI_TOOL_NAMES);
    const map = createToolNameMap([dotted, taken], OPENAI_TOOL_NAMES);
    expect(map.toUpstream(taken)).toBe(taken);
    expect(map.toUpstream(dotted)).not.toBe(taken);
    expect(map.toClient(map.toUpstream(dotted))).toBe(dotted);
  });

  it('shortens a name only used in the history by the same rule', () => {
    expect(createToolNameMap([], OPENAI_TOOL_NAMES).toUpstream(longMcp)).toBe(shortenToolName(longMcp, OPENAI_TOOL_NAMES));
  });
});
