import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { secondsUntilUtcMidnight, utcDay } from '../../lambdas/chat/spend-ceiling';
import { localAwsClientConfig } from '../../lib/local/dynamodb-local';
import type { LocalRuntime } from '../../lib/local/runtime';
import { apiClient, type ApiAnswer } from '../support/api';
import type { Stub } from '../support/llm-stubs';
import { LOCAL_MODE_START_MS } from '../support/local-process';
import { type LocalWithModelStub, startLocalWithModelStub } from '../support/local-with-model-stub';

interface ChatAnswer {
  conversationId: string;
  reply: { text: string };
}
interface Message {
  role: string;
  text: string;
  createdAt: string;
}
interface ConversationPage {
  id: string;
  messages: Message[];
  next_cursor: string | null;
}

/** Small limits, so each is reached in a few messages; the Converse stub reports 20 tokens a reply. */
const LIMITS = {
  dailyMessagesPerUser: 6,
  dailyTokenBudget: 100_000,
  conversationsPerUser: 3,
  messagesPerConversation: 4,
  historyTurns: 4,
};
const STUB_TOKENS_PER_REPLY = 20;

/**
 * The ceiling on chat spend and the conversation lifecycle in local mode, with the bedrock provider's
 * real SDK pointed at a local Converse stub (which reports token usage and records what the model is
 * sent). The test reads and writes the chat table directly only to check what the API left behind and
 * to stage an interrupted deletion.
 */
describe('RangerAI limits', () => {
  let stub: Stub;
  let local: LocalRuntime;
  let started: LocalWithModelStub | undefined;
  let db: DynamoDBDocumentClient;
  let table: string;
  let client: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    started = await startLocalWithModelStub('chat-limits', LIMITS);
    ({ local, stub } = started);
    db = DynamoDBDocumentClient.from(new DynamoDBClient(localAwsClientConfig(local.dynamoEndpoint)));
    table = local.tableNames.chat;
    client = apiClient(local.url);
  }, LOCAL_MODE_START_MS);

  afterAll(async () => {
    db?.destroy();
    await started?.stop();
  });

  async function camper(): Promise<{ token: string; userId: string }> {
    const { token } = await client.newUser('limits');
    const me = await client.call<{ user_id: string }>('GET', '/api/me', { token });
    return { token, userId: me.body.user_id };
  }
  const send = (token: string, message: string, conversationId?: string) =>
    client.call<ChatAnswer & { code?: string; message?: string }>('POST', '/api/chat', {
      token,
      body: conversationId ? { message, conversationId } : { message },
    });
  const page = (token: string, id: string, query = '') =>
    client.call<ConversationPage>('GET', `/api/chat/conversations/${id}${query}`, { token });
  const storedMessages = async (userId: string, id: string) =>
    (
      await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `MSGS#${userId}#${id}` },
          ConsistentRead: true,
        }),
      )
    ).Items ?? [];
  const item = async (pk: string, sk: string) =>
    (await db.send(new GetCommand({ TableName: table, Key: { pk, sk }, ConsistentRead: true }))).Item;
  const expectUntilMidnight = (answer: ApiAnswer<unknown>) => {
    const retryAfter = Number(answer.headers.get('retry-after'));
    expect(Math.abs(retryAfter - secondsUntilUtcMidnight(new Date()))).toBeLessThanOrEqual(10);
  };

  beforeEach(() => stub.behave({ kind: 'reply', text: 'Stay on the trail.' }));

  it('counts messages against a daily quota atomically: past it 429 until midnight UTC, counted nowhere', async () => {
    const { token, userId } = await camper();
    const ids: string[] = [];
    for (const trip of ['Zion', 'Arches', 'Bryce']) ids.push((await send(token, trip)).body.conversationId);
    // Three of the quota of six left; five at once: exactly three get through.
    const answers = await Promise.all([0, 1, 2, 0, 1].map((i, n) => send(token, `question ${n}`, ids[i])));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = answers.find((a) => a.status === 429) as ApiAnswer<{ message: string }>;
    expect(refused.body.message).toMatch(/6 messages a day/);
    expectUntilMidnight(refused);

    const counter = await item(`USER#${userId}`, `DAY#${utcDay(new Date())}`);
    expect(counter?.messages).toBe(6);
    let sent = 0;
    for (const id of ids) {
      sent += (await page(token, id)).body.messages.filter((m) => m.role === 'user').length;
    }
    expect(sent).toBe(6);
  });

  it('caps the messages one conversation takes with 409; a new conversation goes on', async () => {
    const { token } = await camper();
    const first = await send(token, 'message 1');
    for (let i = 2; i <= 4; i++)
      expect((await send(token, `message ${i}`, first.body.conversationId)).status).toBe(200);
    const refused = await send(token, 'message 5', first.body.conversationId);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'MESSAGE_LIMIT',
      message: expect.stringMatching(/at most 4/),
    });
    const kept = await page(token, first.body.conversationId);
    expect(kept.body.messages.filter((m) => m.role === 'user').map((m) => m.text)).toEqual([
      'message 1',
      'message 2',
      'message 3',
      'message 4',
    ]);
    expect((await send(token, 'a new trip')).status).toBe(200);
  });

  it('caps conversations per user with 409; deleting one makes room', async () => {
    const { token, userId } = await camper();
    const ids: string[] = [];
    for (const trip of ['one', 'two', 'three']) ids.push((await send(token, trip)).body.conversationId);
    const refused = await send(token, 'four');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'CONVERSATION_LIMIT' });
    // A message a cap refused went nowhere, so the daily quota does not count it either.
    expect((await item(`USER#${userId}`, `DAY#${utcDay(new Date())}`))?.messages).toBe(3);
    const list = await client.call<{ conversations: { id: string }[] }>('GET', '/api/chat/conversations', {
      token,
    });
    expect(list.body.conversations.map((c) => c.id).sort()).toEqual([...ids].sort());
    expect((await client.call('DELETE', `/api/chat/conversations/${ids[0]}`, { token })).status).toBe(204);
    expect((await send(token, 'four again')).status).toBe(200);
  });

  it('sends the model only the latest turns', async () => {
    const { token } = await camper();
    let conversationId: string | undefined;
    for (let i = 1; i <= 4; i++) {
      stub.behave({ kind: 'reply', text: `answer ${i}` });
      conversationId = (await send(token, `question ${i}`, conversationId)).body.conversationId;
    }
    // Six earlier messages; the model gets the latest four (historyTurns) and the new one.
    const sent = stub.requests[stub.requests.length - 1].body.messages;
    expect(sent).toEqual([
      { role: 'user', content: [{ text: 'question 2' }] },
      { role: 'assistant', content: [{ text: 'answer 2' }] },
      { role: 'user', content: [{ text: 'question 3' }] },
      { role: 'assistant', content: [{ text: 'answer 3' }] },
      { role: 'user', content: [{ text: 'question 4' }] },
    ]);
  });

  it("pages a conversation's messages from the latest back, with cursors bound to it", async () => {
    const { token } = await camper();
    let id: string | undefined;
    for (let i = 1; i <= 3; i++) {
      stub.behave({ kind: 'reply', text: `answer ${i}` });
      id = (await send(token, `question ${i}`, id)).body.conversationId;
    }
    const conversation = String(id);
    const latest = await page(token, conversation, '?limit=4');
    expect(latest.status).toBe(200);
    expect(latest.body.messages.map((m) => m.text)).toEqual([
      'question 2',
      'answer 2',
      'question 3',
      'answer 3',
    ]);
    expect(latest.body.next_cursor).toEqual(expect.any(String));
    const earlier = await page(token, conversation, `?limit=4&cursor=${latest.body.next_cursor}`);
    expect(earlier.body.messages.map((m) => m.text)).toEqual(['question 1', 'answer 1']);
    expect(earlier.body.next_cursor).toBeNull();
    expect((await page(token, conversation)).body.messages).toHaveLength(6);

    const other = (await send(token, 'another trip')).body.conversationId;
    const cursor = String(latest.body.next_cursor);
    expect((await page(token, other, `?cursor=${cursor}`)).status).toBe(400);
    expect((await page(token, conversation, '?cursor=garbage')).status).toBe(400);
    expect((await page(token, conversation, '?limit=0')).status).toBe(400);
    const stranger = await camper();
    expect((await page(stranger.token, conversation, `?cursor=${cursor}`)).status).toBe(404);
  });

  it('finishes an interrupted deletion on retry; meanwhile the conversation is gone and takes no message', async () => {
    const { token, userId } = await camper();
    const id = (await send(token, 'first')).body.conversationId;
    await send(token, 'second', id);
    // A deletion that stopped after its first step (marking the conversation).
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: `USER#${userId}`, sk: `CONV#${id}` },
        UpdateExpression: 'SET deleting = :now',
        ExpressionAttributeValues: { ':now': new Date().toISOString() },
      }),
    );
    expect((await page(token, id)).status).toBe(404);
    expect((await send(token, 'third', id)).status).toBe(404);
    const list = await client.call<{ conversations: unknown[] }>('GET', '/api/chat/conversations', { token });
    expect(list.body.conversations).toEqual([]);
    expect(await storedMessages(userId, id)).toHaveLength(4);

    expect((await client.call('DELETE', `/api/chat/conversations/${id}`, { token })).status).toBe(204);
    expect(await storedMessages(userId, id)).toEqual([]);
    expect(await item(`USER#${userId}`, `CONV#${id}`)).toBeUndefined();
    expect((await item(`USER#${userId}`, 'CONVERSATIONS'))?.conversations).toBe(0);
    expect((await client.call('DELETE', `/api/chat/conversations/${id}`, { token })).status).toBe(404);
  });

  it('answers 404 to a message whose conversation is deleted while the model answers, and keeps no message', async () => {
    const { token, userId } = await camper();
    const id = (await send(token, 'first')).body.conversationId;
    stub.behave({ kind: 'slow', ms: 1500, text: 'too late' });
    const asked = stub.requests.length;
    const sending = send(token, 'second', id);
    while (stub.requests.length === asked) await new Promise((done) => setTimeout(done, 20));
    // The model is answering: the user's message is stored; now the conversation goes.
    const [deleted, again] = await Promise.all([
      client.call('DELETE', `/api/chat/conversations/${id}`, { token }),
      client.call('DELETE', `/api/chat/conversations/${id}`, { token }),
    ]);
    expect([deleted.status, again.status]).toContain(204);
    expect([deleted.status, again.status].every((s) => s === 204 || s === 404)).toBe(true);
    expect((await sending).status).toBe(404);
    expect(await storedMessages(userId, id)).toEqual([]);
    expect(await item(`USER#${userId}`, `CONV#${id}`)).toBeUndefined();
  });

  it("charges each reply's tokens to the stage's day; once the budget is spent, 503 until midnight UTC", async () => {
    const day = utcDay(new Date());
    const tokensKey = { pk: 'TOKENS', sk: `DAY#${day}` };
    const tokens = async () => Number((await item(tokensKey.pk, tokensKey.sk))?.tokens ?? 0);
    const { token, userId } = await camper();
    const before = await tokens();
    const first = await send(token, 'how far to the lake?');
    expect(first.status).toBe(200);
    expect(await tokens()).toBe(before + STUB_TOKENS_PER_REPLY);
    try {
      // Just under the budget: this message is answered, and its reply spends the rest.
      await db.send(
        new PutCommand({ TableName: table, Item: { ...tokensKey, tokens: LIMITS.dailyTokenBudget - 1 } }),
      );
      expect((await send(token, 'and back?', first.body.conversationId)).status).toBe(200);
      expect(await tokens()).toBe(LIMITS.dailyTokenBudget - 1 + STUB_TOKENS_PER_REPLY);

      const asked = stub.requests.length;
      const refused = await send(token, 'one more?', first.body.conversationId);
      expect(refused.status).toBe(503);
      expect(refused.body.message).toMatch(/today's budget/);
      expectUntilMidnight(refused);
      const someoneElse = await camper();
      expect((await send(someoneElse.token, 'hello?')).status).toBe(503);
      // Refused before the model, and counted nowhere.
      expect(stub.requests.length).toBe(asked);
      expect((await item(`USER#${userId}`, `DAY#${day}`))?.messages).toBe(2);
      expect((await page(token, first.body.conversationId)).body.messages).toHaveLength(4);
    } finally {
      await db.send(new DeleteCommand({ TableName: table, Key: tokensKey }));
    }
  });
});
