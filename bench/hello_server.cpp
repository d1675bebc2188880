// The baseline of the HTTP benchmark: a bare Poco HTTPServer answering "hello" with the same
// thread and keep-alive settings as tdr serve. Prints its port, runs until SIGTERM.
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <pthread.h>

#include <csignal>
#include <cstdlib>
#include <iostream>

namespace {

class Hello : public Poco::Net::HTTPRequestHandler {
 public:
  void handleRequest(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& resp) override {
    static const std::string kBody = "{\"hello\": \"world\"}";
    resp.setContentType("application/json");
    resp.setContentLength(static_cast<std::streamsize>(kBody.size()));
    resp.send() << kBody;
  }
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Hello;
  }
};

}  // namespace

int main(int argc, char** argv) {
  int port = argc > 1 ? std::atoi(argv[1]) : 0;
  int threads = argc > 2 ? std::atoi(argv[2]) : 16;
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  auto params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(threads);
  params->setMaxQueued(256);
  params->setKeepAlive(true);
  Poco::Net::HTTPServer server(new Factory,
                               Poco::Net::ServerSocket(Poco::Net::SocketAddress(
                                   "127.0.0.1", static_cast<Poco::UInt16>(port))),
                               params);
  server.start();
  std::cout << "hello serving on port " << server.port() << std::endl;
  int sig = 0;
  sigwait(&stop, &sig);
  server.stop();
  return 0;
}
