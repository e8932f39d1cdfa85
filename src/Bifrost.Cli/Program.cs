Console.Error.WriteLine("usage: bifrost inject -f FILE");
return 2;
