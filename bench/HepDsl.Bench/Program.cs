Console.WriteLine("HepDsl benchmarks");
