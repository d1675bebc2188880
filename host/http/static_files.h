#pragma once

#include <Poco/Net/HTTPRequestHandler.h>

#include <string>

namespace tdr::host {

/// The web interface's files, served from a directory under `/app/` ("/" redirects there).
/// Only regular files inside the directory are served; index.html is not cached by browsers,
/// the rest may be for an hour.
class StaticFileHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit StaticFileHandler(const std::string& root) : root_(root) {}
  void handleRequest(Poco::Net::HTTPServerRequest& req,
                     Poco::Net::HTTPServerResponse& resp) override;

 private:
  const std::string& root_;
};

/// True for the request paths StaticFileHandler answers ("/", "/app", "/app/...").
bool isStaticPath(const std::string& uriPath);

/// The web directory to use: `configured` if given, else $TDR_WEB, else <prefix>/share/tdr/web
/// next to the running binary, else the source tree's web/ (a build directory).
std::string resolveWebDir(const std::string& configured);

}  // namespace tdr::host
