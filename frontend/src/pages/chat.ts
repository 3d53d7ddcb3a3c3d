import '../chat/main';
