/**
 * The slice of Gemini's generateContent format the upstream codec writes and reads: Factory's `generate` endpoint takes
 * the body plus `model` and `stream` (see README "The Google generate format"). https://ai.google.dev/api/generate-content
 */

export type GooglePart =
  | { text: string; thought?: boolean; thoughtSignature?: string }
  | { inlineData: { mimeType: string; data: string } }
  | { fileData: { mimeType: string; fileUri: string } }
  | { functionCall: { name: string; args: Record<string, unknown>; id?: string }; thoughtSignature?: string }
  | { functionResponse: { name: string; response: Record<string, unknown> } };

export interface GoogleContent {
  role: 'user' | 'model';
  parts: GooglePart[];
}

export interface GoogleGenerationConfig {
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  responseMimeType?: string;
  responseJsonSchema?: Record<string, unknown>;
  thinkingConfig?: { thinkingLevel?: 'LOW' | 'MEDIUM' | 'HIGH'; thinkingBudget?: number; includeThoughts?: boolean };
}

export interface GoogleFunctionDeclaration {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
}

export interface GoogleToolConfig {
  functionCallingConfig: { mode: 'AUTO' | 'ANY' | 'NONE'; allowedFunctionNames?: string[] };
}

export type GoogleGenerateRequest = {
  model: string;
  stream: boolean;
  contents: GoogleContent[];
  systemInstruction?: { parts: { text: string }[] };
  generationConfig?: GoogleGenerationConfig;
  tools?: { functionDeclarations: GoogleFunctionDeclaration[] }[];
  toolConfig?: GoogleToolConfig;
};

export type GoogleFinishReason =
  | 'FINISH_REASON_UNSPECIFIED'
  | 'STOP'
  | 'MAX_TOKENS'
  | 'SAFETY'
  | 'RECITATION'
  | 'LANGUAGE'
  | 'OTHER'
  | 'BLOCKLIST'
  | 'PROHIBITED_CONTENT'
  | 'SPII'
  | 'MALFORMED_FUNCTION_CALL'
  | 'IMAGE_SAFETY'
  | 'UNEXPECTED_TOOL_CALL';

export interface GoogleUsageMetadata {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  totalTokenCount?: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
}

export interface GoogleCandidate {
  content?: { role?: string; parts?: GooglePart[] };
  finishReason?: GoogleFinishReason;
}

/** The non-stream body, and also each event of the stream. */
export interface GoogleGenerateResponse {
  candidates?: GoogleCandidate[];
  promptFeedback?: { blockReason?: string };
  usageMetadata?: GoogleUsageMetadata;
  modelVersion?: string;
  responseId?: string;
  /** Present instead of the rest when the upstream reports an error inside a 200 stream. */
  error?: { code?: number; message?: string; status?: string };
}
