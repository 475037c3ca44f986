// The generic Lambda host entry point; the Runtime API loop lives in Host/.
Console.Error.WriteLine("HepDsl Lambda host: not started outside Lambda (AWS_LAMBDA_RUNTIME_API is not set)");
return 1;
