import { ParamPaths } from './param-paths';

describe(ParamPaths.name, () => {
  const paths = new ParamPaths();
  paths.set('messages[0]', 'messages[2]');
  paths.set('messages[0].content[1]', 'messages[3].tool_calls[0]');
  paths.set('tools[0]', 'tools[4]');

  it('rewrites the longest recorded prefix and keeps the rest', () => {
    expect(paths.toClient('messages[0].content[1].input')).toBe('messages[3].tool_calls[0].input');
    expect(paths.toClient('messages[0].content[0]')).toBe('messages[2].content[0]');
    expect(paths.toClient('tools[0].inputSchema')).toBe('tools[4].inputSchema');
  });

  it('leaves paths it has no prefix for, and never matches inside a name', () => {
    expect(paths.toClient('tool_choice')).toBe('tool_choice');
    expect(paths.toClient('messages[01]')).toBe('messages[01]');
    expect(paths.toClient('messages[0]')).toBe('messages[2]');
  });
});
