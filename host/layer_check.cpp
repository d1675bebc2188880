// Links one host layer whole against the layers below it (host/CMakeLists.txt): a call into a
// higher layer is an undefined symbol here.
int main() { return 0; }
