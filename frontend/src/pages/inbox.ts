import '../inbox/main';
