namespace Notifications.Simulator.Inspection;

public sealed record SimulatorStats(int Messages, int Emails, long CallbacksPosted, long CallbacksFailed, long EmailEventPosts, long MessageFetches, long MessageLists, long EmailRequests);
