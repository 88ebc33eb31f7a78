using Notifications.VerifyExport;

// Re-checks a consent evidence export (GET /api/consents/{phone}/export) offline: every event's hash is
// recomputed from its fields and chained over the previous event of the same program and number.
//   dotnet run --project tools/Notifications.VerifyExport -- consent-evidence-14155550123.json
// Exit code 0: the chain holds; 1: it does not (the first broken event is named); 2: the file cannot be read.
return ExportVerifier.Run(args, Console.Out, Console.Error);
